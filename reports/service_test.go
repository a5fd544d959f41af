package reports_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

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
	svc, err := reports.New(reports.Config{Source: st, Zone: storagetest.Zone()})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, st: st, svc: svc}
}

func (f *fixture) unit(code string) *storage.OrgUnit {
	f.t.Helper()
	u, err := f.st.UnitByCode(context.Background(), code)
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

// report writes a unit's commune report for a period and, unless draft,
// submits it at the given time.
func (f *fixture) report(unit, period string, at time.Time, draft bool, values map[string]string) *storage.Submission {
	f.t.Helper()
	ctx := context.Background()
	p, err := f.st.PeriodByCode(ctx, period)
	if err != nil {
		f.t.Fatal(err)
	}
	sub, err := f.st.OpenDraft(ctx, storage.DraftRequest{UnitID: f.unit(unit).ID, PeriodID: p.ID,
		FormID: reports.DefaultFormID, UserID: 1, Channel: "test", Now: at})
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

func TestSummaryOfTheDemoDistrict(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	late := time.Date(2025, 5, 16, 7, 0, 0, 0, storagetest.Zone())
	f.report("VQ-XL-01", "2025-H1", onTime, false, map[string]string{"live_births": "10", "deaths_u28d": "0",
		"u5_measured": "50", "u5_obese": "2", "child_friendly": "1", "child_labour": "0"})
	f.report("VQ-XL-02", "2025-H1", late, false, map[string]string{"live_births": "30", "deaths_u28d": "1",
		"u5_measured": "50", "u5_obese": "1", "child_friendly": "0", "child_labour": "1"})
	f.report("VQ-TT-01", "2025-H1", onTime, false, map[string]string{"live_births": "60", "deaths_u28d": "0",
		"u5_measured": "40", "u5_obese": "6", "child_friendly": "1"})
	f.report("VQ-TD-01", "2025-H1", onTime, true, map[string]string{"live_births": "1000", "deaths_u28d": "900"})

	s := f.summary("VQ", "2025-H1")
	if s.Completeness != (reports.Completeness{Expected: 8, OnTime: 2, Late: 1, Missing: 5}) {
		t.Errorf("completeness = %+v", s.Completeness)
	}
	if s.Milestone != reports.Milestone2025 {
		t.Errorf("milestone = %d", s.Milestone)
	}
	checks := []struct {
		code  string
		value float64
		state string
	}{
		{"3a", 1.0 / 100 * 1000, reports.NotMet}, // 1 death in 100 births: 10 ‰, not under 9.5
		{"4c-rural", 3.0, reports.Met},           // 3 of 100 rural children, under 5 %
		{"4c-urban", 15.0, reports.NotMet},       // 6 of 40 urban children, not under 10 %
		{"1", 200.0 / 3, reports.NotMet},         // 2 of 3 reporting units
		{"10", 1, reports.NotMet},                // one case of child labour is not 0
	}
	for _, c := range checks {
		p := part(t, s, c.code)
		if !p.Value.OK || !near(p.Value.Figure, c.value) || p.T2025.State != c.state {
			t.Errorf("%s = %+v (%s), want %v (%s)", c.code, p.Value, p.T2025.State, c.value, c.state)
		}
	}
	if p := part(t, s, "6"); p.Value.OK || p.T2030.State != reports.NoData || p.T2025.State != reports.NoTarget {
		t.Errorf("part 6 has no figures: %+v", p)
	}
	// A commune officer sees only their commune.
	xl := f.summary("VQ-XL", "2025-H1")
	if p := part(t, xl, "3a"); !near(p.Value.Figure, 25) || xl.Completeness.Expected != 3 {
		t.Errorf("Xuân Long: 3a = %v, expected units %d", p.Value.Figure, xl.Completeness.Expected)
	}
}

func TestSummaryFollowsReturnsAndCorrections(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	sub := f.report("VQ-XL-01", "2025-H1", onTime, false, map[string]string{"live_births": "10", "deaths_u1": "1"})
	if got := part(t, f.summary("VQ", "2025-H1"), "3b").Value.Figure; !near(got, 100) {
		t.Fatalf("3b = %v, want 100", got)
	}
	p, _ := f.st.PeriodByCode(ctx, "2025-H1")
	_, err := f.st.ReturnSubmission(ctx, storage.ReturnRequest{UnitID: sub.UnitID, PeriodID: p.ID,
		FormID: reports.DefaultFormID, UserID: 1, Note: "sai số", Now: onTime.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if s := f.summary("VQ", "2025-H1"); part(t, s, "3b").Value.OK || s.Completeness.Missing != 8 {
		t.Errorf("a returned report must not count: 3b %+v, completeness %+v", part(t, s, "3b").Value, s.Completeness)
	}
	f.report("VQ-XL-01", "2025-H1", onTime.Add(2*time.Hour), false, map[string]string{"live_births": "20"})
	if got := part(t, f.summary("VQ", "2025-H1"), "3b").Value.Figure; !near(got, 50) {
		t.Errorf("after the correction 3b = %v, want 50 (1 death in 20 births)", got)
	}
}

func TestSummaryFlagsUnusualJumpsAndCountsNothingTwice(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	next := time.Date(2026, 5, 5, 9, 0, 0, 0, storagetest.Zone())
	f.report("VQ-XL-01", "2025-H1", onTime, false, map[string]string{"live_births": "40", "deaths_u1": "9", "child_friendly": "0"})
	f.report("VQ-XL-01", "2026-H1", next, false, map[string]string{"live_births": "130", "deaths_u1": "1", "child_friendly": "1"})
	f.report("VQ-XL-02", "2026-H1", next, false, map[string]string{"live_births": "20"})
	// The commune officer also sent a report for the whole commune.
	f.report("VQ-XL", "2026-H1", next, false, map[string]string{"live_births": "150"})
	s := f.summary("VQ", "2026-H1")
	if s.Previous == nil || s.Previous.Code != "2025-H1" {
		t.Fatalf("previous period = %+v", s.Previous)
	}
	if len(s.Unusual) != 1 || s.Unusual[0].ElementCode != "live_births" || s.Unusual[0].Unit.Code != "VQ-XL-01" ||
		s.Unusual[0].Value != 130 || s.Unusual[0].Previous != 40 {
		t.Errorf("unusual = %+v, want VQ-XL-01's births 40 → 130 only", s.Unusual)
	}
	if got := part(t, s, "3b"); got.Value.Denominator != 150 {
		t.Errorf("births counted = %v, want 150 from the villages, not 300 with the commune's own report", got.Value.Denominator)
	}
}

func TestDefaultPeriodAndUnknownPeriod(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	vq := f.unit("VQ").ID
	cases := map[time.Time]string{
		storagetest.Now(): "2025-H1", // open since 1 May
		time.Date(2025, 10, 1, 0, 0, 0, 0, storagetest.Zone()): "2025-H1", // closed, not yet replaced
		time.Date(2025, 11, 1, 0, 0, 0, 0, storagetest.Zone()): "2025-Y",
	}
	for now, want := range cases {
		p, err := f.svc.Progress(ctx, reports.Request{UnitID: vq, Now: now})
		if err != nil || p.Period.Code != want {
			t.Errorf("default period at %s = %v, %v; want %s", now, p, err, want)
		}
	}
	if _, err := f.svc.Progress(ctx, reports.Request{UnitID: vq, Now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}); !errors.Is(err, reports.ErrNoPeriod) {
		t.Errorf("before any period: %v, want ErrNoPeriod", err)
	}
	if _, err := f.svc.Progress(ctx, reports.Request{UnitID: vq, Period: "2019-h1", Now: storagetest.Now()}); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown period: %v, want ErrNotFound", err)
	}
	if p, err := f.svc.Progress(ctx, reports.Request{UnitID: vq, Period: "2026-y", Now: storagetest.Now()}); err != nil || p.Period.Code != "2026-Y" {
		t.Errorf("a period code in lower case: %v, %v", p, err)
	}
}
