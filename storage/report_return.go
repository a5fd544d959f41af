package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ErrNotSubmitted says a submission cannot be sent back because it has
// not been submitted (it is a draft, or already returned).
var ErrNotSubmitted = errors.New("submission is not submitted")

// AuditReturned is the audit action of a submission sent back for
// correction.
const AuditReturned = "returned"

// maxReturnNote is the width of Submission.ReturnNote, in characters.
const maxReturnNote = 1024

// ReturnRequest sends a unit's submitted report back for correction.
type ReturnRequest struct {
	UnitID   uint
	PeriodID uint
	FormID   string
	UserID   uint
	Channel  string
	Note     string
	Now      time.Time
}

// ReturnSubmission marks a submitted (or approved) submission returned,
// with the reason in ReturnNote, and audits the status and the reason. The
// reporter then corrects it in a new version (OpenDraft), which shows the
// reason again. Not submitted:
// ErrNotSubmitted; no submission at all: ErrNotFound.
func (s *Store) ReturnSubmission(ctx context.Context, req ReturnRequest) (*Submission, error) {
	note := strings.TrimSpace(req.Note)
	if note == "" {
		return nil, errors.New("return submission: the reason is empty")
	}
	if utf8.RuneCountInString(note) > maxReturnNote {
		note = string([]rune(note)[:maxReturnNote])
	}
	var sub Submission
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := headOf(tx.Clauses(clause.Locking{Strength: "UPDATE"}), req.UnitID, req.PeriodID, req.FormID).
			First(&sub).Error
		if err != nil {
			return notFound(err, fmt.Sprintf("submission of unit %d for period %d", req.UnitID, req.PeriodID))
		}
		if sub.Status != StatusSubmitted && sub.Status != StatusApproved {
			return ErrNotSubmitted
		}
		old := sub.Status
		res := tx.Model(&Submission{}).Where("id = ? AND status = ?", sub.ID, old).
			Updates(map[string]any{"status": StatusReturned, "return_note": note, "updated_at": dbTime(req.Now)})
		if res.Error != nil {
			return fmt.Errorf("mark returned: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotSubmitted
		}
		if err := tx.First(&sub, sub.ID).Error; err != nil {
			return fmt.Errorf("reread submission: %w", err)
		}
		entry := AuditEntry{At: req.Now, UserID: req.UserID, Channel: req.Channel, Action: AuditReturned,
			Entity: EntitySubmission, EntityID: sub.ID, Field: "status", OldValue: old, NewValue: StatusReturned}
		if err := audit(tx, entry); err != nil {
			return err
		}
		entry.Field, entry.OldValue, entry.NewValue = "return_note", "", note
		return audit(tx, entry)
	})
	if err != nil {
		return nil, fmt.Errorf("return submission: %w", err)
	}
	return &sub, nil
}
