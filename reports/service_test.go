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

func TestSummaryCountsCommunesAndOfficesEachPartFromItsSource(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	late := time.Date(2025, 11, 16, 7, 0, 0, 0, storagetest.Zone())
	f.report("VQ-XL", "2025-Y", yearOnTime, false, map[string]string{"live_births": "10", "deaths_u28d": "5",
		"child_friendly": "1", "child_labour": "0"})
	f.report("VQ-TT", "2025-Y", late, false, map[string]string{"child_friendly": "0", "child_labour": "1"})
	f.report("VQ-TD", "2025-Y", yearOnTime, true, map[string]string{"child_friendly": "1", "child_labour": "7"})
	// A village's figures go to its commune officer; the district counts the commune's report.
	f.report("VQ-XL-01", "2025-Y", yearOnTime, false, map[string]string{"child_friendly": "1", "child_labour": "5"})
	f.file("office_yte", "VQ", "2025-Y", yearOnTime, false, map[string]string{"live_births": "100", "deaths_u28d": "1",
		"u5_measured": "100", "u5_obese": "3"})

	s := f.summary("VQ", "2025-Y")
	if s.Completeness != (reports.Completeness{Expected: 3, OnTime: 1, Late: 1, Missing: 1}) {
		t.Errorf("communes = %+v, want 3 expected: 1 on time, 1 late, 1 draft", s.Completeness)
	}
	if s.OfficeCompleteness != (reports.Completeness{Expected: 5, OnTime: 1, Missing: 4}) {
		t.Errorf("offices = %+v, want the health office's of 5", s.OfficeCompleteness)
	}
	if s.Villages != nil {
		t.Errorf("a district's summary lists villages: %+v", s.Villages)
	}
	checks := []struct {
		code  string
		value float64
		state string
	}{
		{"3a", 10, reports.NotMet},        // the health office's 1 death in 100 births, not the commune's 5 in 10
		{"4c-rural", 3, reports.Met},      // 3 of 100 children in the (rural) district, under 5 %
		{"1", 50, reports.NotMet},         // 1 of the 2 communes that reported
		{"10", 1, reports.NotMet},         // the communes' 0 + 1; the village's 5 and the draft's 7 do not count
		{"9", math.NaN(), reports.NoData}, // nobody reported abuse
	}
	for _, c := range checks {
		p := part(t, s, c.code)
		ok := !math.IsNaN(c.value)
		if p.Value.OK != ok || ok && !near(p.Value.Figure, c.value) || p.T2025.State != c.state {
			t.Errorf("%s = %+v (%s), want %v (%s)", c.code, p.Value, p.T2025.State, c.value, c.state)
		}
	}
	var births *reports.CrossCheck
	for i, c := range s.CrossChecks {
		if c.Element == "live_births" {
			births = &s.CrossChecks[i]
		}
	}
	if births == nil || births.Source != "office_yte" || births.Value.Total != 100 || births.Form != reports.DefaultFormID ||
		births.Other.Total != 10 {
		t.Errorf("cross-checks = %+v, want the communes' 10 births beside the health office's 100", s.CrossChecks)
	}
	// A commune officer sees their commune's report and their villages'.
	xl := f.summary("VQ-XL", "2025-Y")
	if xl.Completeness.Expected != 1 || xl.VillageCompleteness != (reports.Completeness{Expected: 3, OnTime: 1, Missing: 2}) {
		t.Errorf("Xuân Long: communes %+v, villages %+v", xl.Completeness, xl.VillageCompleteness)
	}
	if p := part(t, xl, "10"); !near(p.Value.Figure, 0) || part(t, xl, "3a").Value.OK {
		t.Errorf("Xuân Long: 10 = %+v (want its own 0), 3a = %+v (the office reports for the district)", p.Value, part(t, xl, "3a").Value)
	}
}

func TestIndicatorsOneAndTwentyOneAreSharesOfCommunes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// The review's demo: the villages of Xuân Long say yes, Tân Đoàn's say no, and the Tân Đoàn officer says yes.
	for _, v := range []string{"VQ-XL-01", "VQ-XL-02", "VQ-XL-03"} {
		f.report(v, "2025-H1", onTime, false, map[string]string{"child_friendly": "1", "play_space": "1"})
	}
	for _, v := range []string{"VQ-TD-01", "VQ-TD-02"} {
		f.report(v, "2025-H1", onTime, false, map[string]string{"child_friendly": "0", "play_space": "0"})
	}
	f.report("VQ-TD", "2025-H1", onTime, false, map[string]string{"child_friendly": "1", "play_space": "1"})
	for _, code := range []string{"1", "21"} {
		if v := part(t, f.summary("VQ", "2025-H1"), code).Value; v.Numerator != 1 || v.Denominator != 1 || !near(v.Figure, 100) {
			t.Errorf("%s = %+v, want 1 of the 1 commune that reported", code, v)
		}
	}
	f.report("VQ-XL", "2025-H1", onTime, false, map[string]string{"child_friendly": "0", "play_space": "0"})
	if v := part(t, f.summary("VQ", "2025-H1"), "21").Value; v.Numerator != 1 || v.Denominator != 2 {
		t.Errorf("21 = %+v, want 1 of 2 communes, whatever their villages said", v)
	}
}

func TestSummaryFollowsReturnsAndCorrections(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	sub := f.report("VQ-XL", "2025-H1", onTime, false, map[string]string{"special_circumstances": "1", "children_u16": "100"})
	eightA := func() reports.Value { return part(t, f.summary("VQ", "2025-H1"), "8a").Value }
	if got := eightA(); !near(got.Figure, 1) {
		t.Fatalf("8a = %+v, want 1 %%", got)
	}
	// A correction in progress changes nothing until it is sent.
	draft, err := f.st.OpenDraft(ctx, storage.DraftRequest{UnitID: sub.UnitID, PeriodID: sub.PeriodID,
		FormID: reports.DefaultFormID, UserID: 1, Channel: "test", Now: onTime.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	err = f.st.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: draft.ID, UserID: 1, Channel: "test", Now: onTime.Add(time.Hour),
		Changes: []storage.ValueChange{{Code: "special_circumstances", Value: "50"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got, s := eightA(), f.summary("VQ", "2025-H1"); !near(got.Figure, 1) || s.Completeness.OnTime != 1 {
		t.Errorf("with a correction in progress: 8a = %+v, communes %+v; want the sent report, on time", got, s.Completeness)
	}
	if _, err := f.st.Submit(ctx, storage.SubmitRequest{SubmissionID: draft.ID, UserID: 1, Channel: "test", Now: onTime.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if got := eightA(); !near(got.Figure, 50) {
		t.Errorf("after the correction was sent: 8a = %+v, want 50 %%", got)
	}
	_, err = f.st.ReturnSubmission(ctx, storage.ReturnRequest{UnitID: sub.UnitID, PeriodID: sub.PeriodID,
		FormID: reports.DefaultFormID, UserID: 1, Note: "sai số", Now: onTime.Add(3 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if s := f.summary("VQ", "2025-H1"); part(t, s, "8a").Value.OK || s.Completeness.Missing != 3 {
		t.Errorf("a returned report must not count: 8a %+v, completeness %+v", part(t, s, "8a").Value, s.Completeness)
	}
}

func TestSixMonthEventRatesAreAnnualised(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	values := map[string]string{"abuse_cases": "1", "children_u16": "20000", "special_circumstances": "100"}
	f.report("VQ-XL", "2025-H1", onTime, false, values)
	f.report("VQ-XL", "2025-Y", yearOnTime, false, values)
	half, year := f.summary("VQ", "2025-H1"), f.summary("VQ", "2025-Y")
	// 1 child in 20,000 in six months is 0.005 %; about 0.01 % a year, which is not under 0.01 %.
	if p := part(t, half, "9"); !p.Value.Annualised || !near(p.Value.Figure, 0.01) || p.T2025.State != reports.NotMet {
		t.Errorf("2025-H1 part 9 = %+v (%s), want the annualised 0.01 %%, not met", p.Value, p.T2025.State)
	}
	if p := part(t, year, "9"); p.Value.Annualised || !near(p.Value.Figure, 0.005) || p.T2025.State != reports.Met {
		t.Errorf("2025-Y part 9 = %+v (%s), want the year's own 0.005 %%, met", p.Value, p.T2025.State)
	}
	// A share of children (8a) is a stock, judged as it is.
	if p := part(t, half, "8a"); p.Value.Annualised || !near(p.Value.Figure, 0.5) {
		t.Errorf("2025-H1 part 8a = %+v, want 0.5 %% as reported", p.Value)
	}
	// The Excel file marks the estimate too.
	if got := workbookCell(t, f, "2025-H1", "LDTBXH", "9", "F"); got != "≈ 0.010 %" {
		t.Errorf("Excel shows 2025-H1 part 9 as %q, want the estimate marked", got)
	}
}

func TestSummaryFlagsUnusualJumps(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	next := time.Date(2026, 5, 5, 9, 0, 0, 0, storagetest.Zone())
	f.report("VQ-XL", "2025-H1", onTime, false, map[string]string{"children_u16": "40", "abuse_cases": "9"})
	f.report("VQ-XL", "2026-H1", next, false, map[string]string{"children_u16": "130", "abuse_cases": "8"})
	f.report("VQ-TD", "2026-H1", next, false, map[string]string{"children_u16": "20"})
	s := f.summary("VQ", "2026-H1")
	if s.Previous == nil || s.Previous.Code != "2025-H1" {
		t.Fatalf("previous period = %+v", s.Previous)
	}
	if len(s.Unusual) != 1 || s.Unusual[0].ElementCode != "children_u16" || s.Unusual[0].Unit.Code != "VQ-XL" ||
		s.Unusual[0].Value != 130 || s.Unusual[0].Previous != 40 {
		t.Errorf("unusual = %+v, want VQ-XL's children 40 → 130 only", s.Unusual)
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
