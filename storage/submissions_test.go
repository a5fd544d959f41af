package storage_test

import (
	"context"
	"errors"
	"regexp"
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/storagetest"
)

const communeForm = "commune"

// draftFixture opens the 2025-H1 draft of village VQ-XL-01 as its
// collaborator.
type draftFixture struct {
	s      *storage.Store
	user   *storage.User
	unit   *storage.OrgUnit
	period *storage.Period
}

func newDraftFixture(t *testing.T) draftFixture {
	t.Helper()
	s, _ := storagetest.NewSeeded(t, nil)
	u, err := s.UserByIdentity(context.Background(), storage.DemoChannel, "demo-collaborator-vq-xl-01")
	if err != nil {
		t.Fatal(err)
	}
	return draftFixture{s: s, user: u, unit: mustUnit(t, s, "VQ-XL-01"), period: mustPeriod(t, s, "2025-H1")}
}

func (f draftFixture) open(t *testing.T, at time.Time) *storage.Submission {
	t.Helper()
	sub, err := f.s.OpenDraft(context.Background(), storage.DraftRequest{UnitID: f.unit.ID, PeriodID: f.period.ID,
		FormID: communeForm, UserID: f.user.ID, Channel: "telegram", Now: at})
	if err != nil {
		t.Fatalf("OpenDraft: %v", err)
	}
	return sub
}

func (f draftFixture) change(id uint, at time.Time, changes ...storage.ValueChange) error {
	return f.s.ApplyChanges(context.Background(), storage.ChangeRequest{SubmissionID: id, UserID: f.user.ID,
		Channel: "telegram", Now: at, Changes: changes})
}

func set(code, value string) storage.ValueChange {
	return storage.ValueChange{Code: code, Value: value}
}

func TestDraftSubmitReopenKeepsHistory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newDraftFixture(t)
	now := storagetest.Now()
	draft := f.open(t, now)
	if draft.Status != storage.StatusDraft || draft.Version != 1 {
		t.Fatalf("new draft = %s v%d", draft.Status, draft.Version)
	}
	if again := f.open(t, now); again.ID != draft.ID {
		t.Fatalf("second OpenDraft made submission %d, want the same %d", again.ID, draft.ID)
	}
	if err := f.change(draft.ID, now, set("children_u5", "120"), set("live_births", "14"), set("difficulties", "")); err != nil {
		t.Fatal(err)
	}
	// Same values again, and clearing something never set: nothing to write.
	if err := f.change(draft.ID, now, set("children_u5", "120"), storage.ValueChange{Code: "u5_obese", Clear: true}); err != nil {
		t.Fatal(err)
	}
	sub, err := f.s.Submit(ctx, storage.SubmitRequest{SubmissionID: draft.ID, UserID: f.user.ID, Channel: "telegram", Now: now.Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != storage.StatusSubmitted || sub.SubmittedAt == nil || !sub.SubmittedAt.Equal(now.Add(time.Minute)) {
		t.Errorf("submitted = %s at %v", sub.Status, sub.SubmittedAt)
	}
	if !regexp.MustCompile(`^VQ-XL-01-2025H1-v1-[0-9A-Z]{4}$`).MatchString(sub.Reference) {
		t.Errorf("reference %q is not like VQ-XL-01-2025H1-v1-XXXX", sub.Reference)
	}
	err = f.change(draft.ID, now, set("children_u5", "121"))
	if !errors.Is(err, storage.ErrNotDraft) {
		t.Fatalf("changing a submitted report: %v, want ErrNotDraft", err)
	}
	if _, err := f.s.Submit(ctx, storage.SubmitRequest{SubmissionID: draft.ID, UserID: f.user.ID, Now: now}); !errors.Is(err, storage.ErrNotDraft) {
		t.Errorf("submitting twice: %v, want ErrNotDraft", err)
	}
	v2 := f.open(t, now.Add(time.Hour))
	if v2.ID == draft.ID || v2.Version != 2 || v2.Status != storage.StatusDraft || v2.Reference != "" {
		t.Fatalf("correction = id %d %s v%d ref %q, want a new draft v2 beside v1", v2.ID, v2.Status, v2.Version, v2.Reference)
	}
	if err := f.change(v2.ID, now.Add(time.Hour), set("children_u5", "125"), storage.ValueChange{Code: "live_births", Clear: true}); err != nil {
		t.Fatal(err)
	}
	// While the correction is a draft, version 1 is still the report, with
	// its values and its submission time.
	head, err := f.s.FindSubmission(ctx, draft.UnitID, draft.PeriodID, draft.FormID)
	if err != nil || head.ID != draft.ID || head.Status != storage.StatusSubmitted || !head.SubmittedAt.Equal(now.Add(time.Minute)) {
		t.Fatalf("head during the correction = %+v, %v; want version 1 as submitted", head, err)
	}
	if v1, _ := f.s.Values(ctx, draft.ID); v1["children_u5"] != "120" || v1["live_births"] != "14" {
		t.Errorf("version 1 values changed by the correction: %v", v1)
	}
	vals, err := f.s.Values(ctx, v2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vals) != 2 || vals["children_u5"] != "125" || vals["difficulties"] != "" {
		t.Errorf("values = %v, want children_u5=125 and the skipped difficulties", vals)
	}
	if again := f.open(t, now.Add(90*time.Minute)); again.ID != v2.ID {
		t.Errorf("opening the correction again made %d, want the same draft %d", again.ID, v2.ID)
	}
	v2s, err := f.s.Submit(ctx, storage.SubmitRequest{SubmissionID: v2.ID, UserID: f.user.ID, Channel: "telegram", Now: now.Add(2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if v2s.Reference == sub.Reference || v2s.Version != 2 {
		t.Errorf("version 2 reference %q (v%d), want a new one", v2s.Reference, v2s.Version)
	}
	if head, err := f.s.FindSubmission(ctx, draft.UnitID, draft.PeriodID, draft.FormID); err != nil || head.ID != v2.ID {
		t.Errorf("head after submitting v2 = %+v, %v; want v2", head, err)
	}
	old, err := f.s.Submission(ctx, draft.ID)
	if err != nil || old.Status != storage.StatusSuperseded || old.Reference != sub.Reference {
		t.Errorf("version 1 after v2 = %+v, %v; want it kept as superseded with its reference", old, err)
	}
	assertTrail(t, f.s, draft.ID, []string{
		"draft_created version  1",
		"value_set children_u5  120",
		"value_set live_births  14",
		"value_set difficulties  ",
		"submitted reference  " + sub.Reference,
		"superseded status submitted superseded",
	})
	assertTrail(t, f.s, v2.ID, []string{
		"reopened version 1 2",
		"value_set children_u5 120 125",
		"value_cleared live_births 14 ",
		"submitted reference  " + v2s.Reference,
	})
}

func assertTrail(t *testing.T, s *storage.Store, id uint, want []string) {
	t.Helper()
	trail, err := s.AuditTrail(context.Background(), storage.EntitySubmission, id)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range trail {
		got = append(got, e.Action+" "+e.Field+" "+e.OldValue+" "+e.NewValue)
		if e.UserID == 0 || e.Channel != "telegram" || e.At.IsZero() {
			t.Errorf("audit entry %+v lacks who, channel or when", e)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("audit trail:\n%q\nwant:\n%q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("audit %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestSubmissionLookups(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newDraftFixture(t)
	if _, err := f.s.FindSubmission(ctx, f.unit.ID, f.period.ID, communeForm); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("FindSubmission before any draft: %v, want ErrNotFound", err)
	}
	draft := f.open(t, storagetest.Now())
	found, err := f.s.FindSubmission(ctx, f.unit.ID, f.period.ID, communeForm)
	if err != nil || found.ID != draft.ID {
		t.Fatalf("FindSubmission = %v, %v", found, err)
	}
	list, err := f.s.SubmissionsOfUnit(ctx, f.unit.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != draft.ID || list[0].Period.Code != "2025-H1" {
		t.Errorf("SubmissionsOfUnit = %+v", list)
	}
	if _, err := f.s.Values(ctx, 9999); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Values of a missing submission: %v, want ErrNotFound", err)
	}
	if err := f.change(9999, storagetest.Now(), set("x", "1")); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("ApplyChanges to a missing submission: %v, want ErrNotFound", err)
	}
	_, err = f.s.OpenDraft(ctx, storage.DraftRequest{UnitID: 9999, PeriodID: f.period.ID, FormID: communeForm, UserID: f.user.ID, Now: storagetest.Now()})
	if !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("OpenDraft for a missing unit: %v, want ErrNotFound", err)
	}
}

func TestOpenPeriodsFollowTheWindows(t *testing.T) {
	t.Parallel()
	s, _ := storagetest.NewSeeded(t, nil)
	zone := storagetest.Zone()
	tests := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2025, 4, 30, 23, 59, 0, 0, zone), ""},
		{time.Date(2025, 5, 1, 0, 0, 0, 0, zone), "2025-H1"},
		{time.Date(2025, 6, 13, 23, 0, 0, 0, zone), "2025-H1"},
		{time.Date(2025, 6, 14, 0, 0, 0, 0, zone), ""},
		{time.Date(2025, 11, 20, 8, 0, 0, 0, time.UTC), "2025-Y"},
	}
	for _, tt := range tests {
		ps, err := s.OpenPeriods(context.Background(), tt.at)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, p := range ps {
			got += p.Code
		}
		if got != tt.want {
			t.Errorf("open at %s = %q, want %q", tt.at, got, tt.want)
		}
	}
}

// Two chats opening the same draft at once share one submission.
func TestOpenDraftConcurrently(t *testing.T) {
	t.Parallel()
	f := newDraftFixture(t)
	ids := make(chan uint, 4)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			sub, err := f.s.OpenDraft(context.Background(), storage.DraftRequest{UnitID: f.unit.ID, PeriodID: f.period.ID,
				FormID: communeForm, UserID: f.user.ID, Channel: "telegram", Now: storagetest.Now()})
			if err != nil {
				errs <- err
				return
			}
			ids <- sub.ID
		}()
	}
	seen := map[uint]bool{}
	for range 4 {
		select {
		case err := <-errs:
			t.Errorf("OpenDraft: %v", err)
		case id := <-ids:
			seen[id] = true
		}
	}
	if len(seen) != 1 {
		t.Errorf("concurrent OpenDraft made %d submissions, want 1", len(seen))
	}
}

func TestReferenceFitsItsColumn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		unit, period string
		version      int
		id           uint
		want         string
	}{
		{"VQ-XL-01", "2025-H1", 1, 1, "VQ-XL-01-2025H1-v1-0001"},
		{"vq-td", "2026-Y", 3, 32*32 + 31, "VQ-TD-2026Y-v3-010Z"},
		{"LANG-SON-VAN-QUAN-XUAN-LONG-THON-NA-LUNG", "2025-H1", 12, 1 << 22, "NG-THON-NA-LUNG-2025H1-v12-40000"},
	}
	for _, tt := range tests {
		got := storage.Reference(tt.unit, tt.period, tt.version, tt.id)
		if got != tt.want || len(got) > 32 {
			t.Errorf("Reference(%s, %s, %d, %d) = %q (%d chars), want %q", tt.unit, tt.period, tt.version, tt.id, got, len(got), tt.want)
		}
	}
}
