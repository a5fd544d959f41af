package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Values returns a submission's values by element code.
func (s *Store) Values(ctx context.Context, submissionID uint) (map[string]string, error) {
	db := s.db.WithContext(ctx)
	if err := db.Select("id").First(&Submission{}, submissionID).Error; err != nil {
		return nil, notFound(err, fmt.Sprintf("values of submission %d", submissionID))
	}
	rows, err := loadValues(db, submissionID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(rows))
	for code, v := range rows {
		out[code] = v.Value
	}
	return out, nil
}

// loadValues reads a submission's values: all of them, or only those of
// codes when some are given. Rows are scanned by hand: this runs on every
// answer.
func loadValues(tx *gorm.DB, submissionID uint, codes ...string) (map[string]DataValue, error) {
	q := tx.Table("data_values").Select("id, element_code, value").Where("submission_id = ?", submissionID)
	if len(codes) > 0 {
		q = q.Where("element_code IN ?", codes)
	}
	rows, err := q.Rows()
	if err != nil {
		return nil, fmt.Errorf("load values of submission %d: %w", submissionID, err)
	}
	defer rows.Close()
	out := make(map[string]DataValue, max(len(codes), 8))
	for rows.Next() {
		v := DataValue{SubmissionID: submissionID}
		var id int64
		if err := rows.Scan(&id, &v.ElementCode, &v.Value); err != nil {
			return nil, fmt.Errorf("load values of submission %d: %w", submissionID, err)
		}
		v.ID = uint(id)
		out[v.ElementCode] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load values of submission %d: %w", submissionID, err)
	}
	return out, nil
}

// ApplyChanges writes values (upsert, or delete when Clear) of a draft or
// returned submission and audits each one, in one transaction. A change to
// the value already stored writes nothing. Other statuses: ErrNotDraft.
func (s *Store) ApplyChanges(ctx context.Context, req ChangeRequest) error {
	for _, c := range req.Changes {
		if c.Code == "" {
			return errors.New("apply changes: element code is empty")
		}
	}
	now := dbTime(req.Now)
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := stampEditable(tx, req.SubmissionID, now); err != nil {
			return err
		}
		// Only the values being changed: one answer should not read back
		// the whole form, which grows with every answer.
		codes := make([]string, len(req.Changes))
		for i, c := range req.Changes {
			codes[i] = c.Code
		}
		stored, err := loadValues(tx, req.SubmissionID, codes...)
		if err != nil {
			return err
		}
		w := valueWriter{tx: tx, req: req, now: now, stored: stored}
		for _, c := range req.Changes {
			if err := w.apply(c); err != nil {
				return err
			}
		}
		if w.changed == 0 {
			return errUnchanged // undoes the stamp: nothing is written
		}
		return nil
	})
	if err != nil && !errors.Is(err, errUnchanged) {
		return fmt.Errorf("apply changes to submission %d: %w", req.SubmissionID, err)
	}
	return nil
}

// errUnchanged rolls back a transaction that turned out to change nothing.
var errUnchanged = errors.New("nothing changed")

// stampEditable sets the submission's updated_at if it is a draft, else says why not (ErrNotFound, ErrNotDraft). The update
// locks the row to the end of the transaction, as SELECT … FOR UPDATE
// would, and checks the status in the same round trip.
func stampEditable(tx *gorm.DB, id uint, now time.Time) error {
	res := tx.Exec("UPDATE submissions SET updated_at = ? WHERE id = ? AND status = ?",
		now, id, StatusDraft)
	if res.Error != nil {
		return fmt.Errorf("stamp submission %d: %w", id, res.Error)
	}
	if res.RowsAffected > 0 {
		return nil
	}
	if err := tx.Select("id").First(&Submission{}, id).Error; err != nil {
		return notFound(err, fmt.Sprintf("submission %d", id))
	}
	return ErrNotDraft
}

// valueWriter applies one request's changes, keeping the stored map current
// so a code changed twice in one request is compared with its latest value.
type valueWriter struct {
	tx      *gorm.DB
	req     ChangeRequest
	now     time.Time
	stored  map[string]DataValue
	changed int
}

func (w *valueWriter) apply(c ValueChange) error {
	old, exists := w.stored[c.Code] // old.Value is "" when absent
	switch {
	case c.Clear && !exists, !c.Clear && exists && old.Value == c.Value:
		return nil
	case c.Clear:
		if err := w.tx.Delete(&DataValue{}, old.ID).Error; err != nil {
			return fmt.Errorf("clear %s: %w", c.Code, err)
		}
		delete(w.stored, c.Code)
		return w.audit(AuditValueCleared, c.Code, old.Value, "")
	case exists:
		err := w.tx.Model(&DataValue{}).Where("id = ?", old.ID).
			Updates(map[string]any{"value": c.Value, "updated_by": w.req.UserID, "updated_at": w.now}).Error
		if err != nil {
			return fmt.Errorf("set %s: %w", c.Code, err)
		}
		w.stored[c.Code] = DataValue{ID: old.ID, ElementCode: c.Code, Value: c.Value}
	default:
		row := DataValue{SubmissionID: w.req.SubmissionID, ElementCode: c.Code, Value: c.Value,
			UpdatedBy: w.req.UserID, UpdatedAt: w.now}
		if err := w.tx.Create(&row).Error; err != nil {
			return fmt.Errorf("set %s: %w", c.Code, err)
		}
		w.stored[c.Code] = row
	}
	return w.audit(AuditValueSet, c.Code, old.Value, c.Value)
}

func (w *valueWriter) audit(action, code, oldValue, newValue string) error {
	w.changed++
	return audit(w.tx, AuditEntry{At: w.req.Now, UserID: w.req.UserID, Channel: w.req.Channel, Action: action,
		Entity: EntitySubmission, EntityID: w.req.SubmissionID, Field: code, OldValue: oldValue, NewValue: newValue})
}
