package storage

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
)

// ScopeExportRows returns every stored value of every submission (any
// status) of one period in the root's subtree, sorted by unit code,
// element code and version: the raw data behind a report. A province's
// period is 400,000 values: the submissions are read first, then only
// each value's submission, element and text, both in one snapshot.
func (s *Store) ScopeExportRows(ctx context.Context, rootID, periodID uint) ([]ExportRow, error) {
	root, err := s.Unit(ctx, rootID)
	if err != nil {
		return nil, err
	}
	var subs exportSubmissions
	var values []exportValue
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// scope keeps the submissions of the period in the subtree.
		scope := func(q *gorm.DB) *gorm.DB {
			return q.Joins("JOIN org_units ON org_units.id = submissions.unit_id").
				Where("submissions.period_id = ? AND org_units.path "+s.under(), periodID, s.subtree(root.Path))
		}
		if subs, err = readExportSubmissions(scope(tx.Table("submissions"))); err != nil {
			return err
		}
		rows, err := scope(tx.Table("data_values").Joins("JOIN submissions ON submissions.id = data_values.submission_id")).
			Select("data_values.submission_id, data_values.element_code, data_values.value").Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		values, err = subs.scanValues(rows)
		return err
	}, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("export period %d under %d: %w", periodID, rootID, err)
	}
	return subs.join(values), nil
}

// exportSubmissions are the submissions in scope, sorted by unit code
// and version, as export rows without their element and value.
type exportSubmissions struct {
	rows  []ExportRow
	index map[uint]int32 // submission ID → position in rows
	unit  []int32        // position in rows → the position of its unit's first submission
}

// exportValue is one stored value of the submission at position sub.
type exportValue struct {
	sub         int32
	code, value string
}

func readExportSubmissions(scope *gorm.DB) (exportSubmissions, error) {
	var subs exportSubmissions
	rows, err := scope.Select("submissions.id, periods.code, org_units.code, org_units.name, submissions.status, " +
		"submissions.version, submissions.submitted_at, submissions.form_id").
		Joins("JOIN periods ON periods.id = submissions.period_id").Rows()
	if err != nil {
		return subs, err
	}
	defer rows.Close()
	var ids []uint
	for rows.Next() {
		var id uint
		var r ExportRow
		var at sql.NullTime
		if err := rows.Scan(&id, &r.PeriodCode, &r.UnitCode, &r.UnitName, &r.Status, &r.Version, &at, &r.FormID); err != nil {
			return subs, fmt.Errorf("read exported submission: %w", err)
		}
		if at.Valid {
			r.SubmittedAt = &at.Time
		}
		ids, subs.rows = append(ids, id), append(subs.rows, r)
	}
	if err := rows.Err(); err != nil {
		return subs, err
	}
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		ra, rb := &subs.rows[a], &subs.rows[b]
		return cmp.Or(strings.Compare(ra.UnitCode, rb.UnitCode), cmp.Compare(ra.Version, rb.Version))
	})
	sorted := make([]ExportRow, len(order))
	subs.index, subs.unit = make(map[uint]int32, len(order)), make([]int32, len(order))
	for i, j := range order {
		sorted[i], subs.index[ids[j]] = subs.rows[j], int32(i)
		if subs.unit[i] = int32(i); i > 0 && sorted[i].UnitCode == sorted[i-1].UnitCode {
			subs.unit[i] = subs.unit[i-1]
		}
	}
	subs.rows = sorted
	return subs, nil
}

// scanValues reads the value rows of the submissions. Element codes are
// few and repeated on every report: each is kept once.
func (subs exportSubmissions) scanValues(rows *sql.Rows) ([]exportValue, error) {
	var out []exportValue
	codes := map[string]string{}
	var code sql.RawBytes
	for rows.Next() {
		var id uint
		var v exportValue
		if err := rows.Scan(&id, &code, &v.value); err != nil {
			return nil, fmt.Errorf("read exported value: %w", err)
		}
		c, ok := codes[string(code)]
		if !ok {
			c = string(code)
			codes[c] = c
		}
		v.sub, v.code = subs.index[id], c
		out = append(out, v)
	}
	return out, rows.Err()
}

// join sorts the values by unit, element and version (a unit's
// submissions are in version order) and joins each to its submission.
func (subs exportSubmissions) join(values []exportValue) []ExportRow {
	slices.SortFunc(values, func(a, b exportValue) int {
		return cmp.Or(cmp.Compare(subs.unit[a.sub], subs.unit[b.sub]), strings.Compare(a.code, b.code), cmp.Compare(a.sub, b.sub))
	})
	out := make([]ExportRow, len(values))
	for i, v := range values {
		out[i] = subs.rows[v.sub]
		out[i].ElementCode, out[i].Value = v.code, v.value
	}
	return out
}
