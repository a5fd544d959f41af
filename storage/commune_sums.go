package storage

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"gorm.io/gorm"
)

// VillageReport is one village under a commune with its report's head for
// a period: what the commune officer checks before sending.
type VillageReport struct {
	Unit       OrgUnit
	Submission *Submission // nil when the village has not started
}

// Counted reports whether the village's report counts (sent, not returned).
func (v VillageReport) Counted() bool {
	return v.Submission != nil && (v.Submission.Status == StatusSubmitted || v.Submission.Status == StatusApproved)
}

// CommuneVillages lists the active villages directly under a commune with
// the head of each one's report on formID for the period, by code.
func (s *Store) CommuneVillages(ctx context.Context, communeID, periodID uint, formID string) ([]VillageReport, error) {
	var units []OrgUnit
	err := s.db.WithContext(ctx).Where("parent_id = ? AND level = ? AND active = ?", communeID, LevelVillage, true).
		Order("code").Find(&units).Error
	if err != nil {
		return nil, fmt.Errorf("villages of unit %d: %w", communeID, err)
	}
	out := make([]VillageReport, 0, len(units))
	for _, u := range units {
		v := VillageReport{Unit: u}
		var sub Submission
		err := headOf(s.db.WithContext(ctx), u.ID, periodID, formID).First(&sub).Error
		switch {
		case err == nil:
			v.Submission = &sub
		case !errors.Is(err, gorm.ErrRecordNotFound):
			return nil, fmt.Errorf("report of village %s: %w", u.Code, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// SumCounted adds up the numeric values of the given elements over the
// villages' counted reports: the figures a commune report starts from.
// Elements no counted report answered are absent from the result.
func (s *Store) SumCounted(ctx context.Context, villages []VillageReport, elements []string) (map[string]float64, error) {
	var ids []uint
	for _, v := range villages {
		if v.Counted() {
			ids = append(ids, v.Submission.ID)
		}
	}
	sums := map[string]float64{}
	if len(ids) == 0 || len(elements) == 0 {
		return sums, nil
	}
	values, err := s.SubmissionValues(ctx, ids, elements)
	if err != nil {
		return nil, err
	}
	for _, v := range values {
		f, err := strconv.ParseFloat(v.Value, 64)
		if err != nil {
			continue // a yes/no or text answer: not a figure to add
		}
		sums[v.ElementCode] += f
	}
	return sums, nil
}
