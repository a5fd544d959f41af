package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// ScopeExportRows returns every stored value of every submission (any
// status) of one period in the root's subtree, sorted by unit code and
// element code: the raw data behind a report.
func (s *Store) ScopeExportRows(ctx context.Context, rootID, periodID uint) ([]ExportRow, error) {
	root, err := s.Unit(ctx, rootID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.WithContext(ctx).Table("data_values").
		Select("periods.code, periods.deadline, org_units.code, org_units.name, data_values.element_code, "+
			"data_values.value, submissions.status, submissions.version, submissions.submitted_at, submissions.form_id").
		Joins("JOIN submissions ON submissions.id = data_values.submission_id").
		Joins("JOIN periods ON periods.id = submissions.period_id").
		Joins("JOIN org_units ON org_units.id = submissions.unit_id").
		Where("submissions.period_id = ? AND org_units.path "+s.under(), periodID, s.subtree(root.Path)).Rows()
	if err != nil {
		return nil, fmt.Errorf("export period %d under %d: %w", periodID, rootID, err)
	}
	defer rows.Close()
	var scans []exportScan
	for rows.Next() {
		var r exportScan
		var at sql.NullTime
		if err := rows.Scan(&r.PeriodCode, &r.Deadline, &r.UnitCode, &r.UnitName, &r.ElementCode, &r.Value,
			&r.Status, &r.Version, &at, &r.FormID); err != nil {
			return nil, fmt.Errorf("read exported value: %w", err)
		}
		if at.Valid {
			r.SubmittedAt = &at.Time
		}
		scans = append(scans, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("export period %d under %d: %w", periodID, rootID, err)
	}
	sort.Slice(scans, func(i, j int) bool {
		if scans[i].UnitCode != scans[j].UnitCode {
			return scans[i].UnitCode < scans[j].UnitCode
		}
		return scans[i].ElementCode < scans[j].ElementCode
	})
	out := make([]ExportRow, 0, len(scans))
	for _, r := range scans {
		out = append(out, ExportRow{PeriodCode: r.PeriodCode, UnitCode: r.UnitCode, UnitName: r.UnitName,
			ElementCode: r.ElementCode, Value: r.Value, Status: r.Status, Version: r.Version, SubmittedAt: r.SubmittedAt, FormID: r.FormID})
	}
	return out, nil
}

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
