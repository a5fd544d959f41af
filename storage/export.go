package storage

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// exportScan is one joined row before it becomes an ExportRow.
type exportScan struct {
	PeriodCode  string
	Deadline    time.Time
	UnitCode    string
	UnitName    string
	ElementCode string
	Value       string
	Status      string
	Version     int
	SubmittedAt *time.Time
	FormID      string
}

// ExportRows returns the stored values of each report's head for one
// period ("" = all periods): the version that counts, or, while none
// does, the draft or returned one; never a superseded version nor a
// correction in progress. Rows are sorted by period (deadline, then
// code), unit code and element code. An unknown period is ErrNotFound.
func (s *Store) ExportRows(ctx context.Context, periodCode string) ([]ExportRow, error) {
	return s.exportRows(ctx, periodCode, false)
}

// ExportAllVersions is ExportRows with every version of every report:
// superseded ones and corrections in progress too, each row naming its
// version and status.
func (s *Store) ExportAllVersions(ctx context.Context, periodCode string) ([]ExportRow, error) {
	return s.exportRows(ctx, periodCode, true)
}

func (s *Store) exportRows(ctx context.Context, periodCode string, allVersions bool) ([]ExportRow, error) {
	db := s.db.WithContext(ctx).Table("data_values").
		Select("periods.code AS period_code, periods.deadline AS deadline, org_units.code AS unit_code, " +
			"org_units.name AS unit_name, data_values.element_code AS element_code, data_values.value AS value, " +
			"submissions.status AS status, submissions.version AS version, submissions.submitted_at AS submitted_at").
		Joins("JOIN submissions ON submissions.id = data_values.submission_id").
		Joins("JOIN periods ON periods.id = submissions.period_id").
		Joins("JOIN org_units ON org_units.id = submissions.unit_id")
	if !allVersions {
		db = db.Where("submissions.status <> ? AND NOT (submissions.status = ? AND submissions.version > 1)",
			StatusSuperseded, StatusDraft)
	}
	if periodCode != "" {
		if _, err := s.PeriodByCode(ctx, periodCode); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		db = db.Where("periods.code = ?", periodCode)
	}
	var scans []exportScan
	if err := db.Scan(&scans).Error; err != nil {
		return nil, fmt.Errorf("export %q: %w", periodCode, err)
	}
	// Sorted here, not in SQL: PostgreSQL collations order "-" and case
	// differently from SQLite, and both databases must give one answer.
	sort.Slice(scans, func(i, j int) bool {
		a, b := scans[i], scans[j]
		switch {
		case !a.Deadline.Equal(b.Deadline):
			return a.Deadline.Before(b.Deadline)
		case a.PeriodCode != b.PeriodCode:
			return a.PeriodCode < b.PeriodCode
		case a.UnitCode != b.UnitCode:
			return a.UnitCode < b.UnitCode
		case a.Version != b.Version:
			return a.Version < b.Version
		}
		return a.ElementCode < b.ElementCode
	})
	rows := make([]ExportRow, 0, len(scans))
	for _, r := range scans {
		rows = append(rows, ExportRow{PeriodCode: r.PeriodCode, UnitCode: r.UnitCode, UnitName: r.UnitName,
			ElementCode: r.ElementCode, Value: r.Value, Status: r.Status, Version: r.Version, SubmittedAt: r.SubmittedAt})
	}
	return rows, nil
}
