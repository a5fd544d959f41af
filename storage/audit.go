package storage

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// Audit actions.
const (
	AuditValueSet     = "value_set"
	AuditValueCleared = "value_cleared"
	AuditDraftCreated = "draft_created"
	AuditSubmitted    = "submitted"
	AuditReopened     = "reopened"
	// AuditSuperseded marks a version replaced by a newer submitted one.
	AuditSuperseded  = "superseded"
	AuditInviteUsed  = "invite_used"
	AuditInviteMade  = "invite_created"
	AuditLanguageSet = "language_set"
	AuditTitleSet    = "title_set"
	AuditUserCreated = "user_created"
)

// Audit entities. Value changes are filed under their submission, with
// the element code as Field, so one query gives a report's whole history.
const (
	EntitySubmission = "submission"
	EntityInvite     = "invite"
	EntityUser       = "user"
)

// audit writes one entry inside the caller's transaction: a plain INSERT,
// as every saved answer writes one and nobody needs its id back.
func audit(tx *gorm.DB, e AuditEntry) error {
	err := tx.Exec("INSERT INTO audit_entries (at, user_id, channel, action, entity, entity_id, field, old_value, new_value) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", dbTime(e.At), e.UserID, e.Channel, e.Action, e.Entity, e.EntityID,
		e.Field, e.OldValue, e.NewValue).Error
	if err != nil {
		return fmt.Errorf("write audit entry %s: %w", e.Action, err)
	}
	return nil
}

// AuditTrail lists the entries about one entity (e.g. "submission", 42),
// oldest first.
func (s *Store) AuditTrail(ctx context.Context, entity string, entityID uint) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.db.WithContext(ctx).
		Where("entity = ? AND entity_id = ?", entity, entityID).
		Order("id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("audit trail of %s %d: %w", entity, entityID, err)
	}
	return out, nil
}

// AuditSince lists every entry at or after since, oldest first, up to
// limit entries (0 = 1000).
func (s *Store) AuditSince(ctx context.Context, since time.Time, limit int) ([]AuditEntry, error) {
	if limit <= 0 {
		limit = 1000
	}
	var out []AuditEntry
	err := s.db.WithContext(ctx).Where("at >= ?", dbTime(since)).
		Order("at, id").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("audit since %s: %w", since.Format(time.RFC3339), err)
	}
	return out, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

func utoa(n uint) string { return strconv.FormatUint(uint64(n), 10) }
