package storage

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Plan years: the plan sets targets for 2025 and 2030.
const (
	firstPlanYear = 2025
	lastPlanYear  = 2030
)

// SeedOptions are the facts Seed needs from its caller.
type SeedOptions struct {
	// Elements are every form's questions, each code once; an office
	// form's own figures carry its OfficeCode. Every indicator part's
	// numerator and denominator must be among them.
	Elements []DataElement
	// Zone is where period dates fall at midnight (Asia/Ho_Chi_Minh).
	Zone *time.Location
	// Now extends the periods past 2030 while the tool is still in use.
	Now time.Time
}

// planOffices are the five district offices that own indicators.
var planOffices = []Office{
	{Code: "LDTBXH", NameVI: "Phòng Lao động, Thương binh, Xã hội - Dân tộc", NameEN: "Office of Labour, Invalids, Social and Ethnic Affairs"},
	{Code: "GDDT", NameVI: "Phòng Giáo dục và Đào tạo", NameEN: "Office of Education and Training"},
	{Code: "YTE", NameVI: "Trung tâm Y tế", NameEN: "District Health Centre"},
	{Code: "VHTT", NameVI: "Trung tâm Văn hóa, Thể thao và Truyền thông", NameEN: "Centre for Culture, Sports and Communication"},
	{Code: "TUPHAP", NameVI: "Phòng Tư pháp", NameEN: "Office of Justice"},
}

// Seed loads the plan's facts: offices, data elements, the 24 indicators
// with their parts and targets, and the reporting periods. It upserts by
// code, so running it again changes nothing (or applies corrected
// wording); existing periods are left alone, as an admin may have moved
// their dates. Every indicator part must refer to a known element.
func (s *Store) Seed(ctx context.Context, opts SeedOptions) error {
	if opts.Zone == nil {
		return errors.New("seed: zone is nil")
	}
	elements := opts.Elements
	if err := validateElements(elements); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	parts, err := PlanParts()
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		steps := []func() error{
			// Offices and owners are inserted once: an admin may rename an
			// office or move an indicator to another one, and a restart
			// must not undo it.
			func() error { return insertMissing(tx, cloneSlice(planOffices)) },
			func() error { return seedElements(tx, elements, parts) },
			func() error {
				return upsert(tx, "code", []string{"name_vi", "name_en", "sort_order"}, planIndicatorRows())
			},
			func() error { return upsertParts(tx, parts) },
			func() error { return seedPeriods(tx, opts) },
			func() error { return seedReminderRules(tx) },
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	s.forgetPeriods()
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return nil
}

var partColumns = []string{"indicator_code", "name_vi", "name_en", "unit", "numerator_code", "denominator_code",
	"multiplier", "area", "target2025", "op2025", "target2030", "op2030", "maintain2030", "sort_order", "annualise"}

// upsertParts writes the plan's parts. A part's source form is the seed's
// default only where none is set yet (a new part, or one migrated with
// none): an admin's choice of source survives a later seed.
func upsertParts(tx *gorm.DB, parts []IndicatorPart) error {
	set := clause.AssignmentColumns(partColumns)
	set = append(set, clause.Assignment{Column: clause.Column{Name: "source_form"},
		Value: gorm.Expr("CASE WHEN indicator_parts.source_form = '' THEN excluded.source_form ELSE indicator_parts.source_form END")})
	err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "code"}}, DoUpdates: set}).Create(&parts).Error
	if err != nil {
		return fmt.Errorf("upsert indicator parts: %w", err)
	}
	return nil
}

// insertMissing inserts the rows whose code is not stored yet.
func insertMissing[T any](tx *gorm.DB, rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "code"}}, DoNothing: true}).Create(&rows).Error
	if err != nil {
		return fmt.Errorf("insert %T: %w", rows[0], err)
	}
	return nil
}

// upsert inserts rows, or updates the named columns of rows whose key
// already exists.
func upsert[T any](tx *gorm.DB, key string, columns []string, rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	err := tx.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: key}},
		DoUpdates: clause.AssignmentColumns(columns),
	}).Create(&rows).Error
	if err != nil {
		return fmt.Errorf("upsert %T: %w", rows[0], err)
	}
	return nil
}

func seedElements(tx *gorm.DB, elements []DataElement, parts []IndicatorPart) error {
	err := upsert(tx, "code", []string{"label_vi", "label_en", "type", "min", "max", "office_code"}, markSensitive(elements))
	if err != nil {
		return err
	}
	var codes []string
	if err := tx.Model(&DataElement{}).Pluck("code", &codes).Error; err != nil {
		return fmt.Errorf("list elements: %w", err)
	}
	known := make(map[string]bool, len(codes))
	for _, c := range codes {
		known[c] = true
	}
	return checkPartElements(parts, known)
}

func planIndicatorRows() []Indicator {
	rows := make([]Indicator, 0, len(planIndicators))
	for i, d := range planIndicators {
		rows = append(rows, Indicator{Code: d.code, NameVI: d.vi, NameEN: d.en, OfficeCode: d.office, SortOrder: i + 1})
	}
	return rows
}

// seedPeriods adds the plan's periods that do not exist yet.
func seedPeriods(tx *gorm.DB, opts SeedOptions) error {
	last := lastPlanYear
	if y := opts.Now.In(opts.Zone).Year() + 1; !opts.Now.IsZero() && y > last {
		last = y
	}
	var periods []Period
	for year := firstPlanYear; year <= last; year++ {
		for _, p := range defaultPeriods(year, opts.Zone) {
			p.Start, p.End, p.Deadline = dbTime(p.Start), dbTime(p.End), dbTime(p.Deadline)
			p.OpensAt, p.ClosesAt = dbTime(p.OpensAt), dbTime(p.ClosesAt)
			periods = append(periods, p)
		}
	}
	err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "code"}}, DoNothing: true}).Create(&periods).Error
	if err != nil {
		return fmt.Errorf("seed periods: %w", err)
	}
	return nil
}

// cloneSlice copies rows so Create's ID write-back does not touch the
// package-level table.
func cloneSlice[T any](rows []T) []T { return append([]T(nil), rows...) }

// Offices lists the offices by code.
func (s *Store) Offices(ctx context.Context) ([]Office, error) {
	var out []Office
	if err := s.db.WithContext(ctx).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list offices: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// Indicators lists the indicators in the plan's order.
func (s *Store) Indicators(ctx context.Context) ([]Indicator, error) {
	var out []Indicator
	if err := s.db.WithContext(ctx).Order("sort_order").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list indicators: %w", err)
	}
	return out, nil
}

// IndicatorParts lists the measurable parts in the plan's order.
func (s *Store) IndicatorParts(ctx context.Context) ([]IndicatorPart, error) {
	var out []IndicatorPart
	if err := s.db.WithContext(ctx).Order("sort_order").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list indicator parts: %w", err)
	}
	return out, nil
}

// DataElements lists the data elements by code.
func (s *Store) DataElements(ctx context.Context) ([]DataElement, error) {
	var out []DataElement
	if err := s.db.WithContext(ctx).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list data elements: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}
