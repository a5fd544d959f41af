package reports_test

import (
	"bytes"
	"context"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"treembot/locales"
	"treembot/reports"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// fixture is a seeded demo district with a report service on it.
type fixture struct {
	t   *testing.T
	st  *storage.Store
	svc *reports.Service
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st, _ := storagetest.NewSeeded(t, nil)
	svc, err := reports.New(reports.Config{Source: chainSource{st}, Zone: storagetest.Zone(), Forms: chainForms()})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, st: st, svc: svc}
}

// chainForms are the chain's forms as the plan names them: the office
// reports are annual.
func chainForms() []reports.FormInfo {
	forms := reports.DefaultForms()
	for _, office := range []string{"YTE", "GDDT", "TUPHAP", "VHTT", "LDTBXH"} {
		forms = append(forms, reports.FormInfo{ID: officeForm(office), Reporter: reports.ReporterOffice,
			Office: office, PeriodKinds: []string{storage.PeriodYearly}})
	}
	return forms
}

func officeForm(office string) string { return "office_" + strings.ToLower(office) }

// chainSource is the store with each part's source form as INDICATORS.md
// seeds it (1, 2, 8a–13, 21 from the commune report; 3a–6 from the health
// office; 7, 15–20, 22–24 from education; 14 from justice), for stores
// seeded before that default was.
type chainSource struct{ *storage.Store }

func (c chainSource) IndicatorParts(ctx context.Context) ([]storage.IndicatorPart, error) {
	parts, err := c.Store.IndicatorParts(ctx)
	for i := range parts {
		if parts[i].SourceForm == "" {
			parts[i].SourceForm = defaultSource(parts[i].IndicatorCode)
		}
	}
	return parts, err
}

func defaultSource(indicator string) string {
	n, _ := strconv.Atoi(indicator)
	switch {
	case n >= 3 && n <= 6:
		return "office_yte"
	case n == 7 || n >= 15 && n <= 20 || n >= 22:
		return "office_gddt"
	case n == 14:
		return "office_tuphap"
	}
	return reports.DefaultFormID
}

func (f *fixture) unit(code string) *storage.OrgUnit {
	f.t.Helper()
	u, err := f.st.UnitByCode(context.Background(), code)
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

// report writes a unit's report for a period (a village's village
// report, a commune's commune report) and, unless draft, submits it at
// the given time.
func (f *fixture) report(unit, period string, at time.Time, draft bool, values map[string]string) *storage.Submission {
	f.t.Helper()
	form := reports.DefaultFormID
	if f.unit(unit).Level == storage.LevelVillage {
		form = reports.DefaultVillage
	}
	return f.file(form, unit, period, at, draft, values)
}

// file writes a unit's report on form for a period and, unless draft,
// submits it at the given time.
func (f *fixture) file(form, unit, period string, at time.Time, draft bool, values map[string]string) *storage.Submission {
	f.t.Helper()
	ctx := context.Background()
	p, err := f.st.PeriodByCode(ctx, period)
	if err != nil {
		f.t.Fatal(err)
	}
	sub, err := f.st.OpenDraft(ctx, storage.DraftRequest{UnitID: f.unit(unit).ID, PeriodID: p.ID,
		FormID: form, UserID: 1, Channel: "test", Now: at})
	if err != nil {
		f.t.Fatal(err)
	}
	var changes []storage.ValueChange
	for code, v := range values {
		changes = append(changes, storage.ValueChange{Code: code, Value: v})
	}
	err = f.st.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: sub.ID, UserID: 1, Channel: "test", Now: at, Changes: changes})
	if err != nil {
		f.t.Fatal(err)
	}
	if !draft {
		if sub, err = f.st.Submit(ctx, storage.SubmitRequest{SubmissionID: sub.ID, UserID: 1, Channel: "test", Now: at}); err != nil {
			f.t.Fatal(err)
		}
	}
	return sub
}

func (f *fixture) summary(unit, period string) *reports.Summary {
	f.t.Helper()
	s, err := f.svc.Summary(context.Background(), reports.Request{UnitID: f.unit(unit).ID, Period: period, Now: storagetest.Now()})
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

func part(t *testing.T, s *reports.Summary, code string) reports.PartResult {
	t.Helper()
	for _, p := range s.Parts {
		if p.Part.Code == code {
			return p
		}
	}
	t.Fatalf("no part %s", code)
	return reports.PartResult{}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

var onTime = time.Date(2025, 5, 10, 9, 0, 0, 0, storagetest.Zone())

// yearOnTime is before 2025-Y's deadline (15 November).
var yearOnTime = time.Date(2025, 11, 10, 9, 0, 0, 0, storagetest.Zone())

// workbookCell is what Excel shows in column col of the district's row of
// part on sheet.
func workbookCell(t *testing.T, f *fixture, period, sheet, part, col string) string {
	t.Helper()
	wb, err := f.svc.Workbook(context.Background(), reports.Request{UnitID: f.unit("VQ").ID, Period: period, Now: storagetest.Now()})
	if err != nil {
		t.Fatal(err)
	}
	x := openXLSX(t, wb, locales.VI)
	defer x.Close()
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == part {
			v, err := x.GetCellValue(sheet, col+strconv.Itoa(i+1))
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	t.Fatalf("no part %s on sheet %s", part, sheet)
	return ""
}

// openXLSX writes the workbook in lang and opens it as Excel would.
func openXLSX(t *testing.T, wb *reports.Workbook, lang string) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := reports.WriteXLSX(&buf, locales.MustLoad(), lang, wb); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return x
}
