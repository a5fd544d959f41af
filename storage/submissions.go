package storage

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Submission returns one submission by ID.
func (s *Store) Submission(ctx context.Context, id uint) (*Submission, error) {
	var sub Submission
	if err := s.db.WithContext(ctx).First(&sub, id).Error; err != nil {
		return nil, notFound(err, fmt.Sprintf("submission %d", id))
	}
	return &sub, nil
}

// FindSubmission returns the unit's submission for period and form.
func (s *Store) FindSubmission(ctx context.Context, unitID, periodID uint, formID string) (*Submission, error) {
	var sub Submission
	err := s.db.WithContext(ctx).
		Where("unit_id = ? AND period_id = ? AND form_id = ?", unitID, periodID, formID).
		First(&sub).Error
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("submission of unit %d for period %d", unitID, periodID))
	}
	return &sub, nil
}

// OpenDraft returns the unit's editable submission for period and form:
// an existing draft or returned one as is, a new draft if there is none,
// and a submitted (or approved) one reopened as draft of the next version,
// keeping its values. Creation and reopening are audited.
func (s *Store) OpenDraft(ctx context.Context, req DraftRequest) (*Submission, error) {
	if req.FormID == "" {
		return nil, errors.New("open draft: form id is empty")
	}
	var sub *Submission
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := unitAndPeriodExist(tx, req.UnitID, req.PeriodID); err != nil {
			return err
		}
		var err error
		if sub, err = findOrCreateDraft(tx, req); err != nil {
			return err
		}
		if sub.Status == StatusSubmitted || sub.Status == StatusApproved {
			return reopen(tx, sub, req)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("open draft: %w", err)
	}
	return sub, nil
}

func unitAndPeriodExist(tx *gorm.DB, unitID, periodID uint) error {
	if err := tx.Select("id").First(&OrgUnit{}, unitID).Error; err != nil {
		return notFound(err, fmt.Sprintf("unit %d", unitID))
	}
	if err := tx.Select("id").First(&Period{}, periodID).Error; err != nil {
		return notFound(err, fmt.Sprintf("period %d", periodID))
	}
	return nil
}

// findOrCreateDraft inserts with ON CONFLICT DO NOTHING so two chats
// opening the same draft at once both end up with the one row.
func findOrCreateDraft(tx *gorm.DB, req DraftRequest) (*Submission, error) {
	var sub Submission
	key := tx.Where("unit_id = ? AND period_id = ? AND form_id = ?", req.UnitID, req.PeriodID, req.FormID)
	err := key.Session(&gorm.Session{}).Clauses(clause.Locking{Strength: "UPDATE"}).First(&sub).Error
	if err == nil {
		return &sub, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("find draft: %w", err)
	}
	now := dbTime(req.Now)
	sub = Submission{UnitID: req.UnitID, PeriodID: req.PeriodID, FormID: req.FormID, Status: StatusDraft,
		Version: 1, CreatedBy: req.UserID, CreatedAt: now, UpdatedAt: now}
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&sub)
	if res.Error != nil {
		return nil, fmt.Errorf("create draft: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		var winner Submission
		if err := key.Session(&gorm.Session{}).First(&winner).Error; err != nil {
			return nil, fmt.Errorf("find concurrent draft: %w", err)
		}
		return &winner, nil
	}
	return &sub, audit(tx, AuditEntry{At: req.Now, UserID: req.UserID, Channel: req.Channel,
		Action: AuditDraftCreated, Entity: EntitySubmission, EntityID: sub.ID, Field: "version", NewValue: "1"})
}

// reopen turns a submitted submission into the next version's draft. The
// update is conditional on the version read, so a concurrent reopen is not
// applied twice.
func reopen(tx *gorm.DB, sub *Submission, req DraftRequest) error {
	old := *sub
	res := tx.Model(&Submission{}).
		Where("id = ? AND status = ? AND version = ?", sub.ID, old.Status, old.Version).
		Updates(map[string]any{"status": StatusDraft, "version": old.Version + 1, "reference": "",
			"submitted_by": nil, "submitted_at": nil, "updated_at": dbTime(req.Now)})
	if res.Error != nil {
		return fmt.Errorf("reopen submission %d: %w", sub.ID, res.Error)
	}
	if err := tx.First(sub, sub.ID).Error; err != nil {
		return fmt.Errorf("reread submission %d: %w", sub.ID, err)
	}
	if res.RowsAffected == 0 {
		return nil // someone else reopened it first; sub is now their draft
	}
	return audit(tx, AuditEntry{At: req.Now, UserID: req.UserID, Channel: req.Channel, Action: AuditReopened,
		Entity: EntitySubmission, EntityID: sub.ID, Field: "version",
		OldValue: itoa(old.Version), NewValue: itoa(sub.Version)})
}

// Submit marks a draft (or returned) submission submitted, gives it a
// reference number and audits it. Anything else fails with ErrNotDraft.
func (s *Store) Submit(ctx context.Context, req SubmitRequest) (*Submission, error) {
	var sub Submission
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&sub, req.SubmissionID).Error; err != nil {
			return notFound(err, fmt.Sprintf("submission %d", req.SubmissionID))
		}
		if !editable(sub.Status) {
			return ErrNotDraft
		}
		ref, err := referenceFor(tx, &sub)
		if err != nil {
			return err
		}
		now := dbTime(req.Now)
		res := tx.Model(&Submission{}).
			Where("id = ? AND version = ? AND status IN ?", sub.ID, sub.Version, []string{StatusDraft, StatusReturned}).
			Updates(map[string]any{"status": StatusSubmitted, "reference": ref, "submitted_by": req.UserID,
				"submitted_at": now, "updated_at": now})
		if res.Error != nil {
			return fmt.Errorf("mark submitted: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotDraft
		}
		if err := tx.First(&sub, sub.ID).Error; err != nil {
			return fmt.Errorf("reread submission: %w", err)
		}
		return audit(tx, AuditEntry{At: req.Now, UserID: req.UserID, Channel: req.Channel, Action: AuditSubmitted,
			Entity: EntitySubmission, EntityID: sub.ID, Field: "reference", NewValue: ref})
	})
	if err != nil {
		return nil, fmt.Errorf("submit %d: %w", req.SubmissionID, err)
	}
	return &sub, nil
}

// editable reports whether values of a submission in this status may change.
func editable(status string) bool { return status == StatusDraft || status == StatusReturned }

// SubmissionsOfUnit lists a unit's submissions with their periods, latest
// period first.
func (s *Store) SubmissionsOfUnit(ctx context.Context, unitID uint) ([]SubmissionWithPeriod, error) {
	if _, err := s.Unit(ctx, unitID); err != nil {
		return nil, err
	}
	var subs []Submission
	if err := s.db.WithContext(ctx).Where("unit_id = ?", unitID).Find(&subs).Error; err != nil {
		return nil, fmt.Errorf("submissions of unit %d: %w", unitID, err)
	}
	return s.withPeriods(ctx, subs)
}

// SubmissionsOfPeriod lists every submission for a period and form (all
// forms when formID is ""), for completeness reports and reminders.
func (s *Store) SubmissionsOfPeriod(ctx context.Context, periodID uint, formID string) ([]Submission, error) {
	db := s.db.WithContext(ctx).Where("period_id = ?", periodID)
	if formID != "" {
		db = db.Where("form_id = ?", formID)
	}
	var subs []Submission
	if err := db.Order("unit_id, form_id").Find(&subs).Error; err != nil {
		return nil, fmt.Errorf("submissions of period %d: %w", periodID, err)
	}
	return subs, nil
}

func (s *Store) withPeriods(ctx context.Context, subs []Submission) ([]SubmissionWithPeriod, error) {
	ids := make([]uint, 0, len(subs))
	for _, sub := range subs {
		ids = append(ids, sub.PeriodID)
	}
	var periods []Period
	if len(ids) > 0 {
		if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&periods).Error; err != nil {
			return nil, fmt.Errorf("periods of submissions: %w", err)
		}
	}
	byID := make(map[uint]Period, len(periods))
	for _, p := range periods {
		byID[p.ID] = p
	}
	out := make([]SubmissionWithPeriod, 0, len(subs))
	for _, sub := range subs {
		out = append(out, SubmissionWithPeriod{Submission: sub, Period: byID[sub.PeriodID]})
	}
	sort.SliceStable(out, func(i, j int) bool {
		pi, pj := out[i].Period, out[j].Period
		if !pi.Deadline.Equal(pj.Deadline) {
			return pi.Deadline.After(pj.Deadline)
		}
		return strings.Compare(out[i].FormID, out[j].FormID) < 0
	})
	return out, nil
}
