package storage

import (
	"context"
	"fmt"
	"slices"
	"sort"
)

// UnusualQuery asks for values that moved far from the same unit's
// previous period: Value > Ratio×Previous or Value×Ratio < Previous, unless
// both are at most Floor (small numbers swing naturally).
type UnusualQuery struct {
	PeriodID   uint
	PreviousID uint
	RootID     uint
	Elements   []string
	Ratio      float64
	Floor      float64
	Exclude    []uint // submissions of PeriodID left out, as in TotalsQuery
}

// UnusualValue is one flagged value with the unit's previous one.
type UnusualValue struct {
	UnitID      uint
	UnitCode    string
	UnitName    string
	ElementCode string
	Value       float64
	Previous    float64
}

// UnusualValues compares each counted value of the period in the root's
// subtree with the same unit's counted value for the previous period, in
// one query, and returns those outside the bounds, by unit code and
// element.
func (s *Store) UnusualValues(ctx context.Context, q UnusualQuery) ([]UnusualValue, error) {
	root, err := s.Unit(ctx, q.RootID)
	if err != nil {
		return nil, err
	}
	if len(q.Elements) == 0 || q.Ratio <= 1 {
		return nil, nil
	}
	side := func(periodID uint, exclude []uint) any {
		db := s.db.Table("submissions AS s").
			Select("s.unit_id AS unit_id, s.form_id AS form_id, dv.element_code AS element_code, "+
				s.numericExpr("dv.value")+" AS v").
			Joins("JOIN org_units u ON u.id = s.unit_id").
			Joins("JOIN data_values dv ON dv.submission_id = s.id").
			Where("s.period_id = ? AND s.status IN ? AND u.path LIKE ?", periodID, CountedStatuses, likePrefix(root.Path)).
			Where("dv.element_code IN ?", q.Elements)
		if len(exclude) > 0 {
			db = db.Where("s.id NOT IN ?", exclude)
		}
		return db
	}
	var out []UnusualValue
	err = s.db.WithContext(ctx).Table("(?) AS c", side(q.PeriodID, q.Exclude)).
		Select("c.unit_id AS unit_id, u.code AS unit_code, u.name AS unit_name, c.element_code AS element_code, "+
			"c.v AS value, p.v AS previous").
		Joins("JOIN (?) AS p ON p.unit_id = c.unit_id AND p.form_id = c.form_id AND p.element_code = c.element_code",
			side(q.PreviousID, nil)).
		Joins("JOIN org_units u ON u.id = c.unit_id").
		Where("(c.v > ? * p.v OR c.v * ? < p.v) AND (c.v > ? OR p.v > ?)", q.Ratio, q.Ratio, q.Floor, q.Floor).
		Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("unusual values of period %d under %d: %w", q.PeriodID, q.RootID, err)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].UnitCode != out[j].UnitCode {
			return out[i].UnitCode < out[j].UnitCode
		}
		return out[i].ElementCode < out[j].ElementCode
	})
	return out, nil
}

// ScopeExportRows returns every stored value of every submission (any
// status) of one period in the root's subtree, sorted by unit code and
// element code: the raw data behind a report.
func (s *Store) ScopeExportRows(ctx context.Context, rootID, periodID uint) ([]ExportRow, error) {
	root, err := s.Unit(ctx, rootID)
	if err != nil {
		return nil, err
	}
	var scans []exportScan
	err = s.db.WithContext(ctx).Table("data_values").
		Select("periods.code AS period_code, periods.deadline AS deadline, org_units.code AS unit_code, "+
			"org_units.name AS unit_name, data_values.element_code AS element_code, data_values.value AS value, "+
			"submissions.status AS status, submissions.version AS version, submissions.submitted_at AS submitted_at").
		Joins("JOIN submissions ON submissions.id = data_values.submission_id").
		Joins("JOIN periods ON periods.id = submissions.period_id").
		Joins("JOIN org_units ON org_units.id = submissions.unit_id").
		Where("submissions.period_id = ? AND org_units.path LIKE ?", periodID, likePrefix(root.Path)).
		Scan(&scans).Error
	if err != nil {
		return nil, fmt.Errorf("export period %d under %d: %w", periodID, rootID, err)
	}
	sort.Slice(scans, func(i, j int) bool {
		if scans[i].UnitCode != scans[j].UnitCode {
			return scans[i].UnitCode < scans[j].UnitCode
		}
		return scans[i].ElementCode < scans[j].ElementCode
	})
	rows := make([]ExportRow, 0, len(scans))
	for _, r := range scans {
		rows = append(rows, ExportRow{PeriodCode: r.PeriodCode, UnitCode: r.UnitCode, UnitName: r.UnitName,
			ElementCode: r.ElementCode, Value: r.Value, Status: r.Status, Version: r.Version, SubmittedAt: r.SubmittedAt})
	}
	return rows, nil
}

// sortScope orders units depth-first with siblings by code, so lists read
// like the unit tree whatever order the IDs were created in.
func sortScope(units []ScopeUnit) {
	byID := make(map[uint]*ScopeUnit, len(units))
	for i := range units {
		byID[units[i].ID] = &units[i]
	}
	keys := make(map[uint][]string, len(units))
	var keyOf func(u *ScopeUnit) []string
	keyOf = func(u *ScopeUnit) []string {
		if k, ok := keys[u.ID]; ok {
			return k
		}
		var k []string
		if p, ok := byID[u.ParentID]; ok && u.ParentID != 0 {
			k = append(k, keyOf(p)...)
		}
		k = append(k, u.Code)
		keys[u.ID] = k
		return k
	}
	for i := range units {
		keyOf(&units[i])
	}
	sort.SliceStable(units, func(i, j int) bool {
		return slices.Compare(keys[units[i].ID], keys[units[j].ID]) < 0
	})
}
