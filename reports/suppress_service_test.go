package reports_test

import (
	"context"
	"strings"
	"testing"

	"treembot/locales"
	"treembot/reports"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// smallCountsFixture files abuse cases for 2025-H1: Xuân Long's villages
// 3, 7 and 12 (the commune 22); Tân Đoàn's 3 and 0 (the commune 3); the
// town 0.
func smallCountsFixture(t *testing.T) *fixture {
	f := newFixture(t)
	for unit, n := range map[string]string{"VQ-XL-01": "3", "VQ-XL-02": "7", "VQ-XL-03": "12",
		"VQ-TD-01": "3", "VQ-TD-02": "0", "VQ-TT-01": "0", "VQ-TT-02": "0", "VQ-TT-03": "0"} {
		f.report(unit, "2025-H1", onTime, false, map[string]string{"abuse_cases": n})
	}
	for unit, n := range map[string]string{"VQ-XL": "22", "VQ-TD": "3", "VQ-TT": "0"} {
		f.report(unit, "2025-H1", onTime, false, map[string]string{"abuse_cases": n, "children_u16": "1000"})
	}
	return f
}

func (f *fixture) workbookAs(unit string, v *reports.Viewer) *reports.Workbook {
	f.t.Helper()
	wb, err := f.svc.Workbook(context.Background(), reports.Request{UnitID: f.unit(unit).ID, Period: "2025-H1",
		Now: storagetest.Now(), Viewer: v})
	if err != nil {
		f.t.Fatal(err)
	}
	return wb
}

// rawAbuse is the raw sheet's abuse figure by unit code (counted rows).
func rawAbuse(wb *reports.Workbook) map[string]string {
	out := map[string]string{}
	for _, r := range wb.Raw {
		if r.ElementCode == "abuse_cases" {
			out[r.UnitCode] = r.Value
		}
	}
	return out
}

// abusePart is part 9 (abused children, % of children) for a unit of the
// breakdown.
func abusePart(t *testing.T, b *reports.Breakdown, unit string) reports.PartResult {
	t.Helper()
	results := map[string][]reports.PartResult{b.Unit.Code: b.Parts}
	for _, c := range b.Children {
		results[c.Unit.Code] = c.Parts
	}
	for _, r := range results[unit] {
		if r.Part.Code == "9" {
			return r
		}
	}
	t.Fatalf("no part 9 for %s", unit)
	return reports.PartResult{}
}

// abuseFigure is part 9 as the summary and Excel write it.
func abuseFigure(t *testing.T, b *reports.Breakdown, unit string) string {
	r := abusePart(t, b, unit)
	return reports.FormatFigure(locales.EN, r.Part, r.Value)
}

// shownAbuse checks part 9 of a unit is shown, over abuse cases cases.
func shownAbuse(t *testing.T, b *reports.Breakdown, unit string, cases float64) {
	t.Helper()
	r := abusePart(t, b, unit)
	if r.Value.Hidden != reports.Shown || !r.Value.OK || r.Value.Numerator != cases {
		t.Errorf("part 9 of %s: %q over %v cases, want shown over %v", unit, abuseFigure(t, b, unit), r.Value.Numerator, cases)
	}
}

func TestSmallAbuseCountsAreHiddenFromACommuneOfficer(t *testing.T) {
	t.Parallel()
	f := smallCountsFixture(t)
	wb := f.workbookAs("VQ-XL", &reports.Viewer{Role: storage.RoleCommuneOfficer})
	raw := rawAbuse(wb)
	want := map[string]string{"VQ-XL-01": "< 5", "VQ-XL-02": "7", "VQ-XL-03": "—*", "VQ-XL": "22"}
	for unit, v := range want {
		if raw[unit] != v {
			t.Errorf("raw sheet: %s abuse cases = %q, want %q (all: %v)", unit, raw[unit], v, raw)
		}
	}
	shownAbuse(t, wb.Breakdown, "VQ-XL", 22) // a commune's figure is not small
	if last := lastRawRow(t, wb); !strings.HasPrefix(last, "< 5: a small count") {
		t.Errorf("the raw sheet ends with %q, want the note on hidden figures", last)
	}
	txt := reports.RenderSummary(locales.MustLoad(), locales.EN, &wb.Breakdown.Summary, storagetest.Zone())
	if strings.Contains(txt.Foot, "< 5:") {
		t.Errorf("the summary explains hidden figures though it shows none:\n%s", txt.Foot)
	}
}

func TestAVillagesSmallCountHidesItsCommuneAndTheDistrictTotal(t *testing.T) {
	t.Parallel()
	f := smallCountsFixture(t)
	education := &reports.Viewer{Role: storage.RoleOfficial, Office: "GDDT", Root: true}
	wb := f.workbookAs("VQ", education)
	raw := rawAbuse(wb)
	// Tân Đoàn's 3 is one village's 3: the commune and the district hide it.
	for unit, v := range map[string]string{"VQ-TD-01": "< 5", "VQ-TD-02": "—*", "VQ-TD": "—*", "VQ-XL-01": "< 5"} {
		if raw[unit] != v {
			t.Errorf("raw sheet: %s abuse cases = %q, want %q", unit, raw[unit], v)
		}
	}
	for _, unit := range []string{"VQ-TD", "VQ"} {
		if got := abuseFigure(t, wb.Breakdown, unit); got != "—*" {
			t.Errorf("part 9 of %s = %q, want —*", unit, got)
		}
		// "met" against a target of under 0.01 % would tell the count too.
		if r := abusePart(t, wb.Breakdown, unit); r.T2025.State != reports.Withheld || r.T2030.State != reports.Withheld {
			t.Errorf("part 9 of %s is judged %s / %s, want hidden", unit, r.T2025.State, r.T2030.State)
		}
	}
	shownAbuse(t, wb.Breakdown, "VQ-XL", 22)
	shownAbuse(t, wb.Breakdown, "VQ-TT", 0)
	txt := reports.RenderSummary(locales.MustLoad(), locales.EN, &wb.Breakdown.Summary, storagetest.Zone())
	if !strings.Contains(txt.Foot, "—*: hidden as well") {
		t.Errorf("the summary does not explain its hidden figure:\n%s", txt.Foot)
	}
}

func TestTheDistrictsAdminAndTheOwningOfficeSeeEverySmallCount(t *testing.T) {
	t.Parallel()
	f := smallCountsFixture(t)
	for name, v := range map[string]*reports.Viewer{
		"district admin":       {Role: storage.RoleAdmin, Root: true},
		"labour-social office": {Role: storage.RoleOfficial, Office: "LDTBXH", Root: true},
		"the CLI (no viewer)":  nil,
	} {
		wb := f.workbookAs("VQ", v)
		raw := rawAbuse(wb)
		if raw["VQ-TD-01"] != "3" || raw["VQ-TD"] != "3" || raw["VQ-XL-01"] != "3" || wb.HiddenBelow != 0 {
			t.Errorf("%s: raw abuse figures %v (hidden below %d), want every number", name, raw, wb.HiddenBelow)
		}
		shownAbuse(t, wb.Breakdown, "VQ", 25)
		shownAbuse(t, wb.Breakdown, "VQ-TD", 3)
	}
}

// A figure is hidden the same way whatever unit is asked about: the
// commune's own summary does not give away what the district's file hides.
func TestAHiddenCommuneFigureIsHiddenInItsOwnSummaryToo(t *testing.T) {
	t.Parallel()
	f := smallCountsFixture(t)
	education := &reports.Viewer{Role: storage.RoleOfficial, Office: "GDDT", Root: true}
	s, err := f.svc.Summary(context.Background(), reports.Request{UnitID: f.unit("VQ-TD").ID, Period: "2025-H1",
		Now: storagetest.Now(), Viewer: education})
	if err != nil {
		t.Fatal(err)
	}
	b := &reports.Breakdown{Summary: *s}
	if got := abuseFigure(t, b, "VQ-TD"); got != "—*" {
		t.Errorf("Tân Đoàn's own summary shows part 9 as %q, want —* as in the district's file", got)
	}
	village, err := f.svc.Summary(context.Background(), reports.Request{UnitID: f.unit("VQ-XL-01").ID, Period: "2025-H1",
		Now: storagetest.Now(), Viewer: education})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range village.CrossChecks {
		if c.Element == "abuse_cases" {
			t.Errorf("a village's summary cross-checks its abuse cases: %+v", c)
		}
	}
}

// lastRawRow is the first cell of the raw sheet's last row, as Excel
// opens the file in English.
func lastRawRow(t *testing.T, wb *reports.Workbook) string {
	t.Helper()
	x := openXLSX(t, wb, locales.EN)
	defer x.Close()
	rows, err := x.GetRows(locales.MustLoad().T(locales.EN, "reports_xlsx_sheet_raw"))
	if err != nil || len(rows) == 0 {
		t.Fatalf("raw sheet: %v rows, %v", len(rows), err)
	}
	return rows[len(rows)-1][0]
}
