package storage_test

import (
	"context"
	"errors"
	"slices"
	"sort"
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

func TestSubmissionValuesReturnsNonEmptyValuesOfTheAskedElements(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	at := storagetest.Now()
	a := report(t, s, "VQ-XL-01", "2025-H1", at, false, map[string]string{"live_births": "10", "deaths_u1": "", "marriages": "3"})
	b := report(t, s, "VQ-XL-02", "2025-H1", at, true, map[string]string{"live_births": "5.5"})
	report(t, s, "VQ-XL-03", "2025-H1", at, false, map[string]string{"live_births": "99"})
	ids := make([]uint, 0, 2)
	ids = append(ids, a.ID, b.ID)
	got, err := s.SubmissionValues(ctx, ids, []string{"live_births", "deaths_u1"})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(got, func(i, j int) bool { return got[i].SubmissionID < got[j].SubmissionID })
	want := []storage.SubmissionValue{{SubmissionID: a.ID, ElementCode: "live_births", Value: "10"},
		{SubmissionID: b.ID, ElementCode: "live_births", Value: "5.5"}}
	if !slices.Equal(got, want) {
		t.Errorf("values = %+v, want %+v (skipped answers and other elements left out)", got, want)
	}
	if got, err := s.SubmissionValues(ctx, nil, []string{"live_births"}); err != nil || len(got) != 0 {
		t.Errorf("no submissions: %v, %v", got, err)
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
			if !u.Leaf || u.SubmissionID != sub.ID || u.Status != storage.StatusSubmitted || u.SubmittedAt == nil ||
				u.Reference == "" || u.UpdatedAt == nil || !u.UpdatedAt.Equal(*sub.SubmittedAt) {
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
	// The returned version stays as it was sent; the reporter corrects the
	// figure in the next version, which shows the reason again.
	if err := s.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: sub.ID, UserID: 1, Channel: "test", Now: at,
		Changes: []storage.ValueChange{{Code: "live_births", Value: "11"}}}); !errors.Is(err, storage.ErrNotDraft) {
		t.Fatalf("editing the returned version itself: %v, want ErrNotDraft", err)
	}
	v2, err := s.OpenDraft(ctx, storage.DraftRequest{UnitID: sub.UnitID, PeriodID: sub.PeriodID, FormID: sub.FormID, UserID: 1, Channel: "test", Now: at})
	if err != nil || v2.Version != 2 || v2.ReturnNote != req.Note {
		t.Fatalf("reopening the returned report = %+v, %v; want v2 carrying the reason", v2, err)
	}
	err = s.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: v2.ID, UserID: 1, Channel: "test", Now: at,
		Changes: []storage.ValueChange{{Code: "live_births", Value: "11"}}})
	if err != nil {
		t.Fatalf("the correction must be editable: %v", err)
	}
	if again, err := s.Submit(ctx, storage.SubmitRequest{SubmissionID: v2.ID, UserID: 1, Now: at}); err != nil || again.Status != storage.StatusSubmitted {
		t.Fatalf("resubmit: %+v, %v", again, err)
	}
	if old, _ := s.Submission(ctx, sub.ID); old.Status != storage.StatusSuperseded {
		t.Errorf("the returned version after the resubmission is %s, want superseded", old.Status)
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

func TestCountedSubmissionsAndScopeValuesCoverTheSubtree(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	at := storagetest.Now()
	a := report(t, s, "VQ-XL-01", "2025-H1", at, false, map[string]string{"live_births": "10", "difficulties": "a, b = c"})
	report(t, s, "VQ-XL-02", "2025-H1", at, true, map[string]string{"live_births": "5"})
	report(t, s, "VQ-TD-01", "2025-H1", at, false, map[string]string{"live_births": "7"})
	xl, period := mustUnit(t, s, "VQ-XL"), mustPeriod(t, s, "2025-H1")
	stamps, err := s.CountedSubmissions(ctx, xl.ID, period.ID, []string{communeForm})
	if err != nil {
		t.Fatal(err)
	}
	if len(stamps) != 1 || stamps[0].ID != a.ID || stamps[0].UnitID != a.UnitID || !stamps[0].UpdatedAt.Equal(*a.SubmittedAt) {
		t.Errorf("counted submissions under Xuân Long = %+v, want only VQ-XL-01's", stamps)
	}
	vals, err := s.ScopeValues(ctx, xl.ID, period.ID, communeForm, []string{"live_births", "difficulties"})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i].ElementCode < vals[j].ElementCode })
	want := []storage.SubmissionValue{{SubmissionID: a.ID, ElementCode: "difficulties", Value: "a, b = c"},
		{SubmissionID: a.ID, ElementCode: "live_births", Value: "10"}}
	if !slices.Equal(vals, want) {
		t.Errorf("values under Xuân Long = %+v, want %+v", vals, want)
	}
}
