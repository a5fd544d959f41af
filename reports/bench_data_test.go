package reports_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"treembot/reports"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// provinceShape says how big a generated tree is: one province, its
// districts, their communes, and villages spread over the communes until
// there are Units units in all; every village reports Elements figures for
// every one of Periods periods.
type provinceShape struct {
	Districts, CommunesPerDistrict, Units, Elements, Periods int
}

// fullProvince is the size: 10,000 units × 40 elements × 6
// periods ≈ 2.4 M values.
var fullProvince = provinceShape{Districts: 10, CommunesPerDistrict: 10, Units: 10000, Elements: 40, Periods: 6}

// smallProvince keeps `go test -bench .` quick when the full size is not
// asked for.
var smallProvince = provinceShape{Districts: 2, CommunesPerDistrict: 4, Units: 51, Elements: 40, Periods: 6}

// generated is what the loader wrote: row counts and sample unit IDs.
type generated struct {
	Units, Submissions, Values int
	ProvinceID, CommuneID      uint
	Periods                    []string
}

// table is rows bound for one table, produced lazily so 2.4 M values are
// never all in memory.
type table struct {
	name    string
	columns []string
	rows    func(emit func(row []any) error) error
}

// loadProvince seeds the plan, then bulk-writes the tree, submissions and
// values with COPY (PostgreSQL) or multi-row INSERTs (SQLite): creating
// 2.4 M values through the normal API would take hours.
func loadProvince(b *testing.B, opts storage.Options, st *storage.Store, shape provinceShape) generated {
	b.Helper()
	ctx := context.Background()
	if err := st.Seed(ctx, storage.SeedOptions{Elements: storagetest.PlanElements(), Zone: storagetest.Zone(), Now: storagetest.Now()}); err != nil {
		b.Fatal(err)
	}
	periods, err := st.Periods(ctx)
	if err != nil {
		b.Fatal(err)
	}
	codes, yesno := benchElements(b, st, shape.Elements)
	gen := newGenerator(shape, periods[:shape.Periods], codes)
	gen.yesno = yesno
	tables := gen.tables()
	if opts.URL != "" {
		copyPostgres(b, opts.URL, tables)
	} else {
		insertSQLite(b, opts.SQLitePath, tables)
	}
	return gen.result
}

// benchElements picks n elements: those the indicator parts use first,
// then other counts, as a real form would hold them.
func benchElements(b *testing.B, st *storage.Store, n int) ([]string, map[string]bool) {
	b.Helper()
	ctx := context.Background()
	elements, err := st.DataElements(ctx)
	if err != nil {
		b.Fatal(err)
	}
	parts, err := st.IndicatorParts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	types := map[string]string{}
	for _, e := range elements {
		types[e.Code] = e.Type
	}
	var codes []string
	yesno := map[string]bool{}
	pick := func(code string) {
		if len(codes) < n && (types[code] == storage.ElementCount || types[code] == storage.ElementYesNo) && !slices.Contains(codes, code) {
			codes = append(codes, code)
			yesno[code] = types[code] == storage.ElementYesNo
		}
	}
	for _, p := range parts {
		pick(p.NumeratorCode)
		pick(p.DenominatorCode)
	}
	for _, e := range elements {
		pick(e.Code)
	}
	return codes, yesno
}

// generator makes the rows of one province deterministically.
type generator struct {
	shape   provinceShape
	periods []storage.Period
	codes   []string
	yesno   map[string]bool
	now     time.Time
	result  generated
	units   []benchUnit
}

type benchUnit struct {
	id, parent uint
	level      string
	path, area string
}

func newGenerator(shape provinceShape, periods []storage.Period, codes []string) *generator {
	g := &generator{shape: shape, periods: periods, codes: codes, now: storagetest.Now()}
	add := func(parent *benchUnit, level string) *benchUnit {
		id := uint(len(g.units) + 1)
		u := benchUnit{id: id, level: level, area: storage.AreaRural}
		u.path = fmt.Sprintf("/%d/", id)
		if parent != nil {
			u.parent, u.path = parent.id, fmt.Sprintf("%s%d/", parent.path, id)
		}
		if id%7 == 0 {
			u.area = storage.AreaUrban
		}
		g.units = append(g.units, u)
		return &g.units[len(g.units)-1]
	}
	g.units = make([]benchUnit, 0, shape.Units)
	province := *add(nil, storage.LevelProvince)
	var communes []benchUnit
	for range shape.Districts {
		d := *add(&province, storage.LevelDistrict)
		for range shape.CommunesPerDistrict {
			communes = append(communes, *add(&d, storage.LevelCommune))
		}
	}
	for i := 0; len(g.units) < shape.Units; i++ {
		add(&communes[i%len(communes)], storage.LevelVillage)
	}
	g.result = generated{Units: len(g.units), ProvinceID: province.id, CommuneID: communes[0].id}
	for _, p := range periods {
		g.result.Periods = append(g.result.Periods, p.Code)
	}
	return g
}

func (g *generator) tables() []table {
	unitCols := []string{"id", "code", "name", "level", "parent_id", "path", "area", "active", "created_at", "updated_at"}
	subCols := []string{"id", "unit_id", "period_id", "form_id", "status", "version", "reference", "created_by",
		"submitted_by", "submitted_at", "return_note", "created_at", "updated_at"}
	valCols := []string{"id", "submission_id", "element_code", "value", "updated_by", "updated_at"}
	return []table{
		{name: "org_units", columns: unitCols, rows: g.unitRows},
		{name: "submissions", columns: subCols, rows: g.submissionRows},
		{name: "data_values", columns: valCols, rows: g.valueRows},
	}
}

func (g *generator) unitRows(emit func([]any) error) error {
	for _, u := range g.units {
		var parent any
		if u.parent != 0 {
			parent = int64(u.parent)
		}
		err := emit([]any{int64(u.id), fmt.Sprintf("U%05d", u.id), fmt.Sprintf("Đơn vị %d", u.id), u.level, parent,
			u.path, u.area, true, g.now, g.now})
		if err != nil {
			return err
		}
	}
	return nil
}

// eachReport calls f for every village and commune and period, numbering
// reports: the villages' reports and the communes' (the reporting chain).
func (g *generator) eachReport(f func(id int64, u benchUnit, pi int) error) error {
	id := int64(0)
	for _, u := range g.units {
		if u.level != storage.LevelVillage && u.level != storage.LevelCommune {
			continue
		}
		for pi := range g.periods {
			id++
			if err := f(id, u, pi); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *generator) submissionRows(emit func([]any) error) error {
	return g.eachReport(func(id int64, u benchUnit, pi int) error {
		p := g.periods[pi]
		status, submitted := storage.StatusSubmitted, any(p.Deadline.Add(-time.Duration(id%72)*time.Hour))
		if id%20 == 0 { // one report in twenty is still a draft
			status, submitted = storage.StatusDraft, nil
		}
		g.result.Submissions++
		form := reports.DefaultFormID
		if u.level == storage.LevelVillage {
			form = reports.DefaultVillage
		}
		return emit([]any{id, int64(u.id), int64(p.ID), form, status, int64(1),
			fmt.Sprintf("R%d", id), int64(1), int64(1), submitted, "", g.now, g.now})
	})
}

func (g *generator) valueRows(emit func([]any) error) error {
	vid := int64(0)
	return g.eachReport(func(id int64, u benchUnit, pi int) error {
		for ei, code := range g.codes {
			vid++
			v := 40 + (int(u.id)*7+pi*3+ei*11)%60
			if ei%2 == 1 { // odd elements are small numerators
				v %= 9
			}
			if g.yesno[code] {
				v %= 2
			}
			if u.id%500 == 0 && pi == len(g.periods)-1 {
				v *= 5 // a few implausible jumps
			}
			g.result.Values++
			if err := emit([]any{vid, id, code, fmt.Sprint(v), int64(1), g.now}); err != nil {
				return err
			}
		}
		return nil
	})
}
