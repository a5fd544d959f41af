package storage

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

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

// FindSubmission returns the head of the unit's report for period and
// form: the version that counts (submitted or approved), or the returned
// one, or the first draft; never a correction in progress beside it.
func (s *Store) FindSubmission(ctx context.Context, unitID, periodID uint, formID string) (*Submission, error) {
	var sub Submission
	err := headOf(s.db.WithContext(ctx), unitID, periodID, formID).First(&sub).Error
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("submission of unit %d for period %d", unitID, periodID))
	}
	return &sub, nil
}

// FindDraft returns the unit's open draft for period and form: the first
// version not yet sent, or the correction beside the counted version.
func (s *Store) FindDraft(ctx context.Context, unitID, periodID uint, formID string) (*Submission, error) {
	var sub Submission
	err := s.db.WithContext(ctx).Where("unit_id = ? AND period_id = ? AND form_id = ? AND status = ?",
		unitID, periodID, formID, StatusDraft).Order("version DESC").First(&sub).Error
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("draft of unit %d for period %d", unitID, periodID))
	}
	return &sub, nil
}

// headOf selects a report's head: the version that counts (submitted or
// approved), or the returned one, or the first draft — never a correction
// in progress beside it, nor a superseded version.
func headOf(db *gorm.DB, unitID, periodID uint, formID string) *gorm.DB {
	return db.Where("unit_id = ? AND period_id = ? AND form_id = ?", unitID, periodID, formID).Scopes(headsWhere)
}

// headCondition is the head of each report, for a table aliased s: no
// superseded version and no correction draft (a draft after the first
// version always has a live head below it, since only Submit supersedes,
// and it makes the submitted version the head). So each report has
// exactly one head row.
const headCondition = "s.status <> 'superseded' AND NOT (s.status = 'draft' AND s.version > 1)"

// headsWhere is headCondition for an unaliased submissions table.
func headsWhere(db *gorm.DB) *gorm.DB {
	return db.Where(strings.ReplaceAll(headCondition, "s.", ""))
}

// OpenDraft returns the unit's editable draft for period and form: the
// open draft if there is one; a new first version if there is no report;
// otherwise a new draft of the next version beside the head, holding the
// head's values. The head (submitted, or returned) is not touched: it stays
// what counts until the new version is submitted, and abandoning the draft
// changes nothing. Creation is audited.
func (s *Store) OpenDraft(ctx context.Context, req DraftRequest) (*Submission, error) {
	if req.FormID == "" {
		return nil, errors.New("open draft: form id is empty")
	}
	var sub *Submission
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := checkTakesReports(tx, req.UnitID, req.PeriodID); err != nil {
			return err
		}
		var head Submission
		err := headOf(tx, req.UnitID, req.PeriodID, req.FormID).First(&head).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			sub, err = createVersion(tx, req, nil)
			return err
		case err != nil:
			return fmt.Errorf("find report: %w", err)
		case head.Status == StatusDraft:
			sub = &head
			return nil
		}
		var draft Submission
		err = tx.Where("unit_id = ? AND period_id = ? AND form_id = ? AND status = ? AND version > ?",
			req.UnitID, req.PeriodID, req.FormID, StatusDraft, head.Version).First(&draft).Error
		switch {
		case err == nil:
			sub = &draft
			return nil
		case !errors.Is(err, gorm.ErrRecordNotFound):
			return fmt.Errorf("find correction: %w", err)
		}
		sub, err = createVersion(tx, req, &head)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open draft: %w", err)
	}
	return sub, nil
}

// createVersion inserts the draft of the version after prev (the first
// when prev is nil) with prev's values, with ON CONFLICT DO NOTHING so two
// chats opening it at once both end up with the one row, and the values
// copied once.
func createVersion(tx *gorm.DB, req DraftRequest, prev *Submission) (*Submission, error) {
	version := 1
	if prev != nil {
		version = prev.Version + 1
	}
	now := dbTime(req.Now)
	sub := Submission{UnitID: req.UnitID, PeriodID: req.PeriodID, FormID: req.FormID, Status: StatusDraft,
		Version: version, CreatedBy: req.UserID, CreatedAt: now, UpdatedAt: now}
	if prev != nil {
		sub.ReturnNote = prev.ReturnNote // shown again when a returned report is reopened
	}
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&sub)
	if res.Error != nil {
		return nil, fmt.Errorf("create draft: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		var winner Submission
		err := tx.Where("unit_id = ? AND period_id = ? AND form_id = ? AND version = ?",
			req.UnitID, req.PeriodID, req.FormID, version).First(&winner).Error
		if err != nil {
			return nil, fmt.Errorf("find concurrent draft: %w", err)
		}
		return &winner, nil
	}
	entry := AuditEntry{At: req.Now, UserID: req.UserID, Channel: req.Channel, Action: AuditDraftCreated,
		Entity: EntitySubmission, EntityID: sub.ID, Field: "version", NewValue: itoa(version)}
	if prev != nil {
		if err := copyValues(tx, prev.ID, sub.ID, req.UserID, now); err != nil {
			return nil, err
		}
		entry.Action, entry.OldValue = AuditReopened, itoa(prev.Version)
	}
	return &sub, audit(tx, entry)
}

// copyValues gives a new version the values of the one it corrects.
func copyValues(tx *gorm.DB, fromID, toID, userID uint, now time.Time) error {
	var values []DataValue
	if err := tx.Where("submission_id = ?", fromID).Find(&values).Error; err != nil {
		return fmt.Errorf("read values of submission %d: %w", fromID, err)
	}
	for i := range values {
		values[i].ID, values[i].SubmissionID, values[i].UpdatedBy, values[i].UpdatedAt = 0, toID, userID, now
	}
	if len(values) == 0 {
		return nil
	}
	if err := tx.CreateInBatches(values, 200).Error; err != nil {
		return fmt.Errorf("copy values to submission %d: %w", toID, err)
	}
	return nil
}

// Submit marks a draft submitted, gives it a reference number and audits
// it; the version it corrects, if any, is superseded in the same
// transaction, so exactly one version counts at every instant. Anything
// but a draft fails with ErrNotDraft.
func (s *Store) Submit(ctx context.Context, req SubmitRequest) (*Submission, error) {
	var sub Submission
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&sub, req.SubmissionID).Error; err != nil {
			return notFound(err, fmt.Sprintf("submission %d", req.SubmissionID))
		}
		if !editable(sub.Status) {
			return ErrNotDraft
		}
		if err := checkTakesReports(tx, sub.UnitID, sub.PeriodID); err != nil {
			return err
		}
		ref, err := referenceFor(tx, &sub)
		if err != nil {
			return err
		}
		now := dbTime(req.Now)
		first, err := firstSent(tx, &sub, now)
		if err != nil {
			return err
		}
		res := tx.Model(&Submission{}).
			Where("id = ? AND version = ? AND status IN ?", sub.ID, sub.Version, []string{StatusDraft, StatusReturned}).
			Updates(map[string]any{"status": StatusSubmitted, "reference": ref, "submitted_by": req.UserID,
				"submitted_at": now, "updated_at": now, "return_note": "", "first_submitted_at": first})
		if res.Error != nil {
			return fmt.Errorf("mark submitted: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotDraft
		}
		if err := supersedeOlder(tx, &sub, req); err != nil {
			return err
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

// firstSent is when the report sub is a version of was first sent: the
// earliest sending of any older version, or now for the first.
func firstSent(tx *gorm.DB, sub *Submission, now time.Time) (time.Time, error) {
	var older []Submission
	err := tx.Select("submitted_at", "first_submitted_at").
		Where("unit_id = ? AND period_id = ? AND form_id = ? AND version < ?", sub.UnitID, sub.PeriodID, sub.FormID, sub.Version).
		Find(&older).Error
	if err != nil {
		return now, fmt.Errorf("find older versions: %w", err)
	}
	first := now
	for _, o := range older {
		for _, t := range []*time.Time{o.FirstSubmittedAt, o.SubmittedAt} {
			if t != nil && t.Before(first) {
				first = *t
			}
		}
	}
	return first, nil
}

// supersedeOlder retires every older live version of the submitted one's
// report, auditing each.
func supersedeOlder(tx *gorm.DB, sub *Submission, req SubmitRequest) error {
	var older []Submission
	err := tx.Where("unit_id = ? AND period_id = ? AND form_id = ? AND version < ? AND status <> ?",
		sub.UnitID, sub.PeriodID, sub.FormID, sub.Version, StatusSuperseded).Find(&older).Error
	if err != nil {
		return fmt.Errorf("find older versions: %w", err)
	}
	for _, o := range older {
		res := tx.Model(&Submission{}).Where("id = ? AND status = ?", o.ID, o.Status).
			Updates(map[string]any{"status": StatusSuperseded, "updated_at": dbTime(req.Now)})
		if res.Error != nil {
			return fmt.Errorf("supersede version %d: %w", o.Version, res.Error)
		}
		err := audit(tx, AuditEntry{At: req.Now, UserID: req.UserID, Channel: req.Channel, Action: AuditSuperseded,
			Entity: EntitySubmission, EntityID: o.ID, Field: "status", OldValue: o.Status, NewValue: StatusSuperseded})
		if err != nil {
			return err
		}
	}
	return nil
}

// editable reports whether values of a submission in this status may
// change: only drafts, since every sent version is kept as it was sent (a
// returned report is corrected in a new version).
func editable(status string) bool { return status == StatusDraft }

// SubmissionsOfUnit lists a unit's submissions with their periods, latest
// period first.
func (s *Store) SubmissionsOfUnit(ctx context.Context, unitID uint) ([]SubmissionWithPeriod, error) {
	if _, err := s.Unit(ctx, unitID); err != nil {
		return nil, err
	}
	var subs []Submission
	if err := s.db.WithContext(ctx).Where("unit_id = ?", unitID).Scopes(headsWhere).Find(&subs).Error; err != nil {
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

// SetPendingAnswer keeps with a draft the answer the bot asked back
// ("" = none). Only a draft has one; the submission's stamp is left alone,
// as no value changed.
func (s *Store) SetPendingAnswer(ctx context.Context, submissionID uint, pending string) error {
	err := s.db.WithContext(ctx).Model(&Submission{}).Where("id = ? AND status = ?", submissionID, StatusDraft).
		UpdateColumn("pending_answer", pending).Error
	if err != nil {
		return fmt.Errorf("pending answer of submission %d: %w", submissionID, err)
	}
	return nil
}
