package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/storagetest"
)

// report writes a unit's report for a period with the given values and,
// unless draft, submits it at the given time.
func report(t *testing.T, s *storage.Store, unit, period string, at time.Time, draft bool, values map[string]string) *storage.Submission {
	t.Helper()
	ctx := context.Background()
	u, p := mustUnit(t, s, unit), mustPeriod(t, s, period)
	sub, err := s.OpenDraft(ctx, storage.DraftRequest{UnitID: u.ID, PeriodID: p.ID, FormID: communeForm, UserID: 1, Channel: "test", Now: at})
	if err != nil {
		t.Fatal(err)
	}
	var changes []storage.ValueChange
	for code, v := range values {
		changes = append(changes, storage.ValueChange{Code: code, Value: v})
	}
	if err := s.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: sub.ID, UserID: 1, Channel: "test", Now: at, Changes: changes}); err != nil {
		t.Fatal(err)
	}
	if draft {
		return sub
	}
	if sub, err = s.Submit(ctx, storage.SubmitRequest{SubmissionID: sub.ID, UserID: 1, Channel: "test", Now: at}); err != nil {
		t.Fatal(err)
	}
	return sub
}

// totalsByKey indexes totals by unit, element and area.
func totalsByKey(rows []storage.ElementTotal) map[string]storage.ElementTotal {
	out := map[string]storage.ElementTotal{}
	for _, r := range rows {
		out[itoa(int(r.UnitID))+"/"+r.ElementCode+"/"+r.Area] = r
	}
	return out
}

func TestElementTotalsSumSubmittedValuesOfTheSubtreeByArea(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	at := storagetest.Now()
	report(t, s, "VQ-XL-01", "2025-H1", at, false, map[string]string{"live_births": "10", "deaths_u1": "1", "difficulties": "12 trẻ"})
	report(t, s, "VQ-XL-02", "2025-H1", at, false, map[string]string{"live_births": "5.5", "deaths_u1": ""})
	report(t, s, "VQ-XL-03", "2025-H1", at, true, map[string]string{"live_births": "100"})  // a draft: not counted
	report(t, s, "VQ-TT-01", "2025-H1", at, false, map[string]string{"live_births": "7"})   // urban
	report(t, s, "VQ-TD-01", "2025-Y", at, false, map[string]string{"live_births": "1000"}) // another period
	district, xl, tt := mustUnit(t, s, "VQ"), mustUnit(t, s, "VQ-XL"), mustUnit(t, s, "VQ-TT")
	period := mustPeriod(t, s, "2025-H1")
	elements := []string{"live_births", "deaths_u1", "difficulties"}

	rows, err := s.ElementTotals(ctx, storage.TotalsQuery{PeriodID: period.ID, RootID: district.ID, Elements: elements})
	if err != nil {
		t.Fatal(err)
	}
	got := totalsByKey(rows)
	d := itoa(int(district.ID))
	want := map[string]storage.ElementTotal{
		d + "/live_births/rural": {Sum: 15.5, Count: 2},
		d + "/live_births/urban": {Sum: 7, Count: 1},
		d + "/deaths_u1/rural":   {Sum: 1, Count: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("totals = %+v, want keys %v", got, want)
	}
	for k, w := range want {
		if got[k].Sum != w.Sum || got[k].Count != w.Count {
			t.Errorf("%s = %+v, want sum %v over %d units", k, got[k], w.Sum, w.Count)
		}
	}

	rows, err = s.ElementTotals(ctx, storage.TotalsQuery{PeriodID: period.ID, RootID: district.ID, Elements: elements, ByChild: true})
	if err != nil {
		t.Fatal(err)
	}
	got = totalsByKey(rows)
	if r := got[itoa(int(xl.ID))+"/live_births/rural"]; r.Sum != 15.5 || r.Count != 2 {
		t.Errorf("Xuân Long's births = %+v, want 15.5 over 2 villages", r)
	}
	if r := got[itoa(int(tt.ID))+"/live_births/urban"]; r.Sum != 7 {
		t.Errorf("the township's births = %+v, want 7", r)
	}

	xl1 := report(t, s, "VQ-XL-01", "2025-H1", at, false, nil) // reopened and submitted again, same values
	rows, err = s.ElementTotals(ctx, storage.TotalsQuery{PeriodID: period.ID, RootID: xl.ID, Elements: elements, Exclude: []uint{xl1.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if got := totalsByKey(rows)[itoa(int(xl.ID))+"/live_births/rural"]; got.Sum != 5.5 || got.Count != 1 {
		t.Errorf("with VQ-XL-01 excluded, births = %+v, want 5.5 from one village", got)
	}
}

func TestScopeUnitsMarkLeavesAndJoinTheirSubmission(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	sub := report(t, s, "VQ-XL-02", "2025-H1", storagetest.Now(), false, map[string]string{"live_births": "3"})
	report(t, s, "VQ-XL-02", "2025-Y", storagetest.Now(), true, nil)
	units, err := s.ScopeUnits(ctx, mustUnit(t, s, "VQ-XL").ID, mustPeriod(t, s, "2025-H1").ID, communeForm)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, u := range units {
		codes = append(codes, u.Code)
		switch u.Code {
		case "VQ-XL":
			if u.Leaf {
				t.Error("the commune has villages, so it is not a leaf")
			}
		case "VQ-XL-02":
			if !u.Leaf || u.SubmissionID != sub.ID || u.Status != storage.StatusSubmitted || u.SubmittedAt == nil || u.Reference == "" {
				t.Errorf("VQ-XL-02 = %+v, want its submitted H1 report", u)
			}
		default:
			if !u.Leaf || u.SubmissionID != 0 || u.Status != "" {
				t.Errorf("%s = %+v, want a leaf without submission", u.Code, u)
			}
		}
	}
	if want := "VQ-XL VQ-XL-01 VQ-XL-02 VQ-XL-03"; strings.Join(codes, " ") != want {
		t.Errorf("units = %s, want %s (parents first)", strings.Join(codes, " "), want)
	}
}

func TestUnusualValuesCompareWithTheSameUnitsPreviousPeriod(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	at := storagetest.Now()
	report(t, s, "VQ-XL-01", "2025-H1", at, false, map[string]string{"live_births": "40", "marriages": "8", "deaths_u1": "9"})
	report(t, s, "VQ-XL-02", "2025-H1", at, false, map[string]string{"live_births": "12", "marriages": "2"})
	report(t, s, "VQ-XL-01", "2026-H1", at, false, map[string]string{"live_births": "130", "marriages": "9", "deaths_u1": "1"})
	report(t, s, "VQ-XL-02", "2026-H1", at, false, map[string]string{"live_births": "3", "marriages": "2"})
	got, err := s.UnusualValues(ctx, storage.UnusualQuery{PeriodID: mustPeriod(t, s, "2026-H1").ID,
		PreviousID: mustPeriod(t, s, "2025-H1").ID, RootID: mustUnit(t, s, "VQ").ID,
		Elements: []string{"live_births", "marriages", "deaths_u1"}, Ratio: 3, Floor: 10})
	if err != nil {
		t.Fatal(err)
	}
	// 40→130 (over 3×) and 12→3 (under a third) are flagged; 9→1 is
	// small on both sides, 8→9 and 2→2 are steady.
	want := []storage.UnusualValue{
		{UnitCode: "VQ-XL-01", UnitName: "Thôn Nà Lùng", ElementCode: "live_births", Value: 130, Previous: 40},
		{UnitCode: "VQ-XL-02", UnitName: "Thôn Bản Khuông", ElementCode: "live_births", Value: 3, Previous: 12},
	}
	if len(got) != len(want) {
		t.Fatalf("flagged %+v, want %+v", got, want)
	}
	for i := range want {
		g := got[i]
		g.UnitID = 0
		if g != want[i] {
			t.Errorf("flag %d = %+v, want %+v", i, g, want[i])
		}
	}
}

func TestReturnSubmissionAuditsAndAllowsResubmitting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	at := storagetest.Now()
	unit, period := mustUnit(t, s, "VQ-XL-01"), mustPeriod(t, s, "2025-H1")
	req := storage.ReturnRequest{UnitID: unit.ID, PeriodID: period.ID, FormID: communeForm, UserID: 7,
		Channel: "telegram", Note: "Số trẻ đẻ sống chưa khớp sổ", Now: at}
	if _, err := s.ReturnSubmission(ctx, req); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("returning a report never started: %v, want ErrNotFound", err)
	}
	draft := report(t, s, "VQ-XL-01", "2025-H1", at, true, map[string]string{"live_births": "10"})
	if _, err := s.ReturnSubmission(ctx, req); !errors.Is(err, storage.ErrNotSubmitted) {
		t.Errorf("returning a draft: %v, want ErrNotSubmitted", err)
	}
	report(t, s, "VQ-XL-01", "2025-H1", at, false, nil)
	sub, err := s.ReturnSubmission(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if sub.ID != draft.ID || sub.Status != storage.StatusReturned || sub.ReturnNote != req.Note {
		t.Fatalf("returned submission = %+v", sub)
	}
	trail, err := s.AuditTrail(ctx, storage.EntitySubmission, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := trail[len(trail)-2:]
	if last[0].Action != storage.AuditReturned || last[0].OldValue != storage.StatusSubmitted || last[0].UserID != 7 ||
		last[1].Field != "return_note" || last[1].NewValue != req.Note {
		t.Errorf("audit of the return = %+v", last)
	}
	if _, err := s.ReturnSubmission(ctx, req); !errors.Is(err, storage.ErrNotSubmitted) {
		t.Errorf("returning twice: %v, want ErrNotSubmitted", err)
	}
	// The reporter corrects the figure and submits again.
	err = s.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: sub.ID, UserID: 1, Channel: "test", Now: at,
		Changes: []storage.ValueChange{{Code: "live_births", Value: "11"}}})
	if err != nil {
		t.Fatalf("a returned report must be editable: %v", err)
	}
	if again, err := s.Submit(ctx, storage.SubmitRequest{SubmissionID: sub.ID, UserID: 1, Now: at}); err != nil || again.Status != storage.StatusSubmitted {
		t.Fatalf("resubmit: %+v, %v", again, err)
	}
}

func TestScopeExportRowsStayInsideTheSubtree(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	at := storagetest.Now()
	report(t, s, "VQ-XL-01", "2025-H1", at, true, map[string]string{"live_births": "10", "marriages": "3"})
	report(t, s, "VQ-TD-01", "2025-H1", at, false, map[string]string{"live_births": "4"})
	rows, err := s.ScopeExportRows(ctx, mustUnit(t, s, "VQ-XL").ID, mustPeriod(t, s, "2025-H1").ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].ElementCode != "live_births" || rows[1].ElementCode != "marriages" ||
		rows[0].UnitCode != "VQ-XL-01" || rows[0].Status != storage.StatusDraft || rows[0].PeriodCode != "2025-H1" {
		t.Errorf("rows = %+v, want VQ-XL-01's two draft values only", rows)
	}
}
