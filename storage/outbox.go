package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Outbox statuses. A row moves queued → claimed (a dispatcher leased it) →
// sending (the one send in flight) → sent or failed; a transient failure
// goes back to queued with a later NextAttemptAt.
const (
	OutboxQueued    = "queued"
	OutboxClaimed   = "claimed"
	OutboxSending   = "sending"
	OutboxSent      = "sent"
	OutboxFailed    = "failed"
	OutboxExpired   = "expired"   // not sent before it stopped making sense
	OutboxCancelled = "cancelled" // the unit submitted before it went out
)

// OutboxMessage is one reminder to deliver. Key is unique: the same
// (rule, person, period, occurrence) is stored, hence sent, at most once.
type OutboxMessage struct {
	ID         uint   `gorm:"primaryKey"`
	Key        string `gorm:"column:outbox_key;size:191;uniqueIndex;not null"`
	RuleCode   string `gorm:"size:32;not null"`
	Kind       string `gorm:"size:16;not null"`
	PeriodID   uint   `gorm:"not null"`
	PeriodCode string `gorm:"size:16;not null"`
	Occurrence int64  `gorm:"not null"`
	UserID     uint   `gorm:"not null"`
	UnitID     uint   `gorm:"not null"` // the unit a reporter is reminded about; 0 for alerts
	Lang       string `gorm:"size:8;not null"`
	Channel    string `gorm:"size:16;not null"`
	ExternalID string `gorm:"size:128;not null"`
	ChatID     string `gorm:"size:128;not null"`
	Text       string `gorm:"type:text;not null"`
	// One button at most ("" = none): reminders only ever offer /report.
	ButtonLabel string `gorm:"size:255;not null"`
	ButtonData  string `gorm:"size:64;not null"`
	// Sending hours in minutes after local midnight.
	SendFrom      int    `gorm:"not null"`
	SendUntil     int    `gorm:"not null"`
	Status        string `gorm:"size:16;not null"`
	Attempts      int    `gorm:"not null"`
	NextAttemptAt time.Time
	ExpiresAt     time.Time
	ClaimToken    string `gorm:"size:64;not null"`
	LeaseUntil    *time.Time
	LastError     string `gorm:"size:1024;not null"`
	SentAt        *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// OutboxSlot names one occurrence of one rule for one period.
type OutboxSlot struct {
	RuleCode   string
	PeriodCode string
	Occurrence int64
}

// EnqueueOutbox stores messages as queued; a key already present is left
// as it is (ON CONFLICT DO NOTHING). It returns how many were new.
func (s *Store) EnqueueOutbox(ctx context.Context, msgs []OutboxMessage) (int, error) {
	return enqueueOutbox(s.db.WithContext(ctx), msgs, s.clock())
}

// enqueueOutbox is EnqueueOutbox on db, which may be a transaction.
func enqueueOutbox(db *gorm.DB, msgs []OutboxMessage, at time.Time) (int, error) {
	if len(msgs) == 0 {
		return 0, nil
	}
	now := dbTime(at)
	rows := make([]OutboxMessage, len(msgs))
	for i, m := range msgs {
		m.ID, m.Status, m.Attempts, m.ClaimToken, m.LeaseUntil, m.SentAt = 0, OutboxQueued, 0, "", nil, nil
		m.NextAttemptAt, m.ExpiresAt = dbTime(m.NextAttemptAt), dbTime(m.ExpiresAt)
		m.CreatedAt, m.UpdatedAt = now, now
		rows[i] = m
	}
	res := db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "outbox_key"}}, DoNothing: true}).
		CreateInBatches(&rows, 500)
	if res.Error != nil {
		return 0, fmt.Errorf("enqueue reminders: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}

// OutboxKeys returns the keys already stored for the given slots.
func (s *Store) OutboxKeys(ctx context.Context, slots []OutboxSlot) (map[string]bool, error) {
	keys := map[string]bool{}
	for _, sl := range slots {
		var batch []string
		err := s.db.WithContext(ctx).Model(&OutboxMessage{}).
			Where("rule_code = ? AND period_code = ? AND occurrence = ?", sl.RuleCode, sl.PeriodCode, sl.Occurrence).
			Pluck("outbox_key", &batch).Error
		if err != nil {
			return nil, fmt.Errorf("outbox keys: %w", err)
		}
		for _, k := range batch {
			keys[k] = true
		}
	}
	return keys, nil
}

// ClaimRequest asks for up to Limit ready messages, leased to Owner until
// Now+Lease.
type ClaimRequest struct {
	Owner string // names the dispatcher, e.g. host and pid
	Now   time.Time
	Limit int
	Lease time.Duration
}

// ClaimOutbox leases ready messages (queued, due, not expired) to one
// dispatcher. On PostgreSQL concurrent claimers skip each other's rows
// (FOR UPDATE SKIP LOCKED); SQLite has a single writer, so the one UPDATE
// is the whole claim. The outer status test keeps a row from being claimed
// twice either way. Each claim gets its own token (in ClaimToken of every
// row returned), which later calls must present.
func (s *Store) ClaimOutbox(ctx context.Context, req ClaimRequest) ([]OutboxMessage, error) {
	if req.Owner == "" || req.Limit <= 0 {
		return nil, fmt.Errorf("claim reminders: owner and a positive limit are required")
	}
	token, err := claimToken(req.Owner)
	if err != nil {
		return nil, err
	}
	now := dbTime(req.Now)
	lock := ""
	if s.postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	sql := "UPDATE outbox_messages SET status = ?, claim_token = ?, lease_until = ?, updated_at = ? " +
		"WHERE status = ? AND id IN (SELECT id FROM outbox_messages WHERE status = ? AND next_attempt_at <= ? " +
		"AND expires_at > ? ORDER BY next_attempt_at, id LIMIT ?" + lock + ")"
	db := s.db.WithContext(ctx)
	err = db.Exec(sql, OutboxClaimed, token, dbTime(req.Now.Add(req.Lease)), now,
		OutboxQueued, OutboxQueued, now, now, req.Limit).Error
	if err != nil {
		return nil, fmt.Errorf("claim reminders: %w", err)
	}
	var out []OutboxMessage
	err = db.Where("claim_token = ? AND status = ?", token, OutboxClaimed).Order("next_attempt_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("read claimed reminders: %w", err)
	}
	return out, nil
}

// MarkOutboxSending moves a claimed message to sending just before it is
// handed to the channel, leased until leaseUntil (the send's own time
// limit, however late in its batch it comes). False means the claim was
// lost (its lease expired and another dispatcher took it).
func (s *Store) MarkOutboxSending(ctx context.Context, id uint, token string, leaseUntil time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&OutboxMessage{}).
		Where("id = ? AND claim_token = ? AND status = ?", id, token, OutboxClaimed).
		Updates(map[string]any{"status": OutboxSending, "attempts": gorm.Expr("attempts + 1"),
			"lease_until": dbTime(leaseUntil), "updated_at": dbTime(s.clock())})
	if res.Error != nil {
		return false, fmt.Errorf("mark reminder %d sending: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// OutboxOutcome is what became of one claimed message.
type OutboxOutcome struct {
	ID     uint
	Token  string
	Status string // sent, failed, expired, cancelled, or queued (try again at NextAttemptAt)
	Error  string // why it failed (never the message text)
	Now    time.Time
	// NextAttemptAt is when a message put back in the queue is due.
	NextAttemptAt time.Time
}

// FinishOutbox records the outcome of a claimed or sending message, if the
// caller still holds its claim.
func (s *Store) FinishOutbox(ctx context.Context, o OutboxOutcome) error {
	now := dbTime(o.Now)
	fields := map[string]any{"status": o.Status, "last_error": cutText(o.Error, 1024), "updated_at": now,
		"lease_until": nil, "claim_token": ""}
	switch o.Status {
	case OutboxSent:
		fields["sent_at"] = now
	case OutboxQueued:
		fields["next_attempt_at"] = dbTime(o.NextAttemptAt)
	}
	err := s.db.WithContext(ctx).Model(&OutboxMessage{}).
		Where("id = ? AND claim_token = ? AND status IN ?", o.ID, o.Token, []string{OutboxClaimed, OutboxSending}).
		Updates(fields).Error
	if err != nil {
		return fmt.Errorf("record reminder %d %s: %w", o.ID, o.Status, err)
	}
	return nil
}

// ReleaseOutbox puts back the messages token claimed but never started
// (a dispatcher stopping).
func (s *Store) ReleaseOutbox(ctx context.Context, token string) error {
	err := s.db.WithContext(ctx).Model(&OutboxMessage{}).Where("claim_token = ? AND status = ?", token, OutboxClaimed).
		Updates(map[string]any{"status": OutboxQueued, "claim_token": "", "lease_until": nil,
			"updated_at": dbTime(s.clock())}).Error
	if err != nil {
		return fmt.Errorf("release reminders: %w", err)
	}
	return nil
}

// RecoverOutbox cleans up after dispatchers that died: messages claimed but
// never started go back to the queue; one whose send was in flight is
// marked failed, since it may have been delivered and must not go twice.
// Queued messages past their expiry are marked expired.
func (s *Store) RecoverOutbox(ctx context.Context, now time.Time) error {
	t := dbTime(now)
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		steps := []struct {
			where  string
			args   []any
			fields map[string]any
		}{
			{"status = ? AND lease_until < ?", []any{OutboxClaimed, t},
				map[string]any{"status": OutboxQueued, "claim_token": "", "lease_until": nil, "updated_at": t}},
			{"status = ? AND lease_until < ?", []any{OutboxSending, t},
				map[string]any{"status": OutboxFailed, "claim_token": "", "lease_until": nil, "updated_at": t,
					"last_error": "dispatcher stopped during the send; not retried so it cannot arrive twice"}},
			{"status = ? AND expires_at <= ?", []any{OutboxQueued, t},
				map[string]any{"status": OutboxExpired, "updated_at": t}},
		}
		for _, st := range steps {
			if err := tx.Model(&OutboxMessage{}).Where(st.where, st.args...).Updates(st.fields).Error; err != nil {
				return fmt.Errorf("recover reminders: %w", err)
			}
		}
		return nil
	})
}

// OutboxCount is how many messages of one rule are in one status.
type OutboxCount struct {
	RuleCode string
	Status   string
	Count    int
}

// OutboxCounts counts the outbox by rule and status.
func (s *Store) OutboxCounts(ctx context.Context) ([]OutboxCount, error) {
	var out []OutboxCount
	err := s.db.WithContext(ctx).Model(&OutboxMessage{}).Select("rule_code, status, COUNT(*) AS count").
		Group("rule_code, status").Order("rule_code, status").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("count reminders: %w", err)
	}
	return out, nil
}

// OutboxMessages lists messages for one rule and status ("" = any), oldest
// first, at most limit.
func (s *Store) OutboxMessages(ctx context.Context, ruleCode, status string, limit int) ([]OutboxMessage, error) {
	db := s.db.WithContext(ctx).Order("id").Limit(limit)
	if ruleCode != "" {
		db = db.Where("rule_code = ?", ruleCode)
	}
	if status != "" {
		db = db.Where("status = ?", status)
	}
	var out []OutboxMessage
	if err := db.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list reminders: %w", err)
	}
	return out, nil
}

// claimToken is owner plus a random suffix, unique per claim.
func claimToken(owner string) (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("claim token: %w", err)
	}
	return cutText(owner, 40) + "-" + hex.EncodeToString(b[:]), nil
}

// cutText cuts s to at most n bytes on a rune boundary.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
