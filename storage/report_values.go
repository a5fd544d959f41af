package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// sortScope orders units depth-first with siblings by code, so lists read
// like the unit tree whatever order the IDs were created in. Each unit's
// key is its ancestors' codes joined by a byte below any printable one.
func sortScope(units []ScopeUnit) {
	byID := make(map[uint]int, len(units))
	for i := range units {
		byID[units[i].ID] = i
	}
	keys := make([]string, len(units))
	var keyOf func(i int) string
	keyOf = func(i int) string {
		if keys[i] != "" {
			return keys[i]
		}
		k := units[i].Code
		if p, ok := byID[units[i].ParentID]; ok && units[i].ParentID != 0 && p != i {
			k = keyOf(p) + "\x01" + k
		}
		keys[i] = k
		return k
	}
	order := make([]int, len(units))
	for i := range units {
		keyOf(i)
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
	sorted := make([]ScopeUnit, len(units))
	for i, j := range order {
		sorted[i] = units[j]
	}
	copy(units, sorted)
}

// SubmissionStamp identifies a counted submission and when it last changed.
type SubmissionStamp struct {
	ID        uint
	UnitID    uint
	UpdatedAt time.Time
	FormID    string
}

// CountedSubmissions lists the submitted (or approved) submissions on the
// given forms for periodID in the root's subtree, in one query: less than
// ScopeUnits, for when only the values matter (the previous period, for
// plausibility).
func (s *Store) CountedSubmissions(ctx context.Context, rootID, periodID uint, formIDs []string) ([]SubmissionStamp, error) {
	root, err := s.Unit(ctx, rootID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.WithContext(ctx).Table("submissions AS s").Select("s.id, s.unit_id, s.updated_at, s.form_id").
		Joins("JOIN org_units u ON u.id = s.unit_id").
		Where("s.period_id = ? AND s.form_id IN ? AND s.status IN ? AND u.path "+s.under(),
			periodID, formIDs, CountedStatuses, s.subtree(root.Path)).Rows()
	if err != nil {
		return nil, fmt.Errorf("counted submissions of period %d under %d: %w", periodID, rootID, err)
	}
	defer rows.Close()
	var out []SubmissionStamp
	for rows.Next() {
		var st SubmissionStamp
		if err := rows.Scan(&st.ID, &st.UnitID, &st.UpdatedAt, &st.FormID); err != nil {
			return nil, fmt.Errorf("read counted submission: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("counted submissions of period %d under %d: %w", periodID, rootID, err)
	}
	return out, nil
}

// ScopeValues returns the non-empty values of the given elements in every
// counted submission of formID for periodID in the root's subtree, in one
// query: how a cold cache is filled.
func (s *Store) ScopeValues(ctx context.Context, rootID, periodID uint, formID string, elements []string) ([]SubmissionValue, error) {
	root, err := s.Unit(ctx, rootID)
	if err != nil {
		return nil, err
	}
	if len(elements) == 0 {
		return nil, nil
	}
	rows, err := s.db.WithContext(ctx).Table("submissions AS s").
		Select("dv.submission_id, dv.element_code, dv.value").
		Joins("JOIN org_units u ON u.id = s.unit_id").
		Joins("JOIN data_values dv ON dv.submission_id = s.id").
		Where("s.period_id = ? AND s.form_id = ? AND s.status IN ? AND u.path "+s.under(),
			periodID, formID, CountedStatuses, s.subtree(root.Path)).
		Where("dv.element_code IN ? AND dv.value <> ''", elements).Rows()
	if err != nil {
		return nil, fmt.Errorf("values of period %d under %d: %w", periodID, rootID, err)
	}
	defer rows.Close()
	return scanValues(rows)
}

// scanValues reads value rows without reflection: a province's period is
// 400,000 of them.
func scanValues(rows *sql.Rows) ([]SubmissionValue, error) {
	var out []SubmissionValue
	for rows.Next() {
		var v SubmissionValue
		if err := rows.Scan(&v.SubmissionID, &v.ElementCode, &v.Value); err != nil {
			return nil, fmt.Errorf("read submission value: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read submission values: %w", err)
	}
	return out, nil
}
