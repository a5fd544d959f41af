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

// mergeDay is the day the test's merger takes effect: after 2025-H1
// (which ends on 30/04/2025) and during 2025-Y (which ends on 31/10/2025).
var mergeDay = time.Date(2025, time.May, 1, 0, 0, 0, 0, storagetest.Zone())

func mergeNotice(lang string, from, into storage.OrgUnit) string {
	return lang + ": " + from.Code + " → " + into.Name
}

// scopeCodes lists the codes ScopeUnits returns, leaves marked with "*".
func scopeCodes(t *testing.T, s *storage.Store, root, period string) string {
	t.Helper()
	units, err := s.ScopeUnits(context.Background(), mustUnit(t, s, root).ID, mustPeriod(t, s, period).ID, communeForm)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, u := range units {
		if u.Leaf {
			u.Code += "*"
		}
		codes = append(codes, u.Code)
	}
	return strings.Join(codes, " ")
}

// Two communes merge into a new one between 2025-H1 and 2025-Y, with a
// report of each in flight: the old period stays theirs and rolls up into
// the new commune; the new period is the new commune's.
func TestMergeIntoANewCommuneBetweenTwoPeriods(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	at := storagetest.Now()
	report(t, s, "VQ-XL", "2025-H1", at, false, map[string]string{"live_births": "40", "deaths_u28d": "1"})
	lateH1 := report(t, s, "VQ-TD", "2025-H1", at, true, map[string]string{"live_births": "60"})
	draftY := report(t, s, "VQ-XL", "2025-Y", at, true, map[string]string{"live_births": "7"})
	inv, err := s.CreateInvites(ctx, storage.InviteRequest{Role: storage.RoleCommuneOfficer, UnitCode: "VQ-TD", TTL: 72 * time.Hour, Now: at})
	if err != nil {
		t.Fatal(err)
	}

	res, err := s.MergeUnits(ctx, storage.MergeRequest{Into: "vq-xtd", Name: "Xã Xuân Tân", Parent: "VQ",
		From: []string{"VQ-XL", "VQ-TD"}, On: mergeDay, Now: at, Notice: mergeNotice})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || res.Into.Code != "VQ-XTD" || res.Children != 5 || res.People != 2 || res.Invites != 1 || res.Drafts != 1 ||
		res.Notices != 2 || len(res.Kept) != 1 || res.Kept[0] != (storage.KeptDraft{Unit: "VQ-TD", Period: "2025-H1", Form: communeForm, Before: true}) {
		t.Fatalf("merge result = %+v", res)
	}
	// Before the merger the old communes report under the new one, which is
	// not expected to report itself; from it on, only the new one is there.
	if units, err := s.ScopeUnits(ctx, res.Into.ID, mustPeriod(t, s, "2025-H1").ID, communeForm); err != nil || !units[0].NotYet {
		t.Errorf("the new commune in 2025-H1: %+v %v, want it marked as not reporting yet", units, err)
	}
	if got, want := scopeCodes(t, s, "VQ-XTD", "2025-H1"),
		"VQ-XTD VQ-TD* VQ-TD-01* VQ-TD-02* VQ-XL* VQ-XL-01* VQ-XL-02* VQ-XL-03*"; got != want {
		t.Errorf("2025-H1 under the new commune = %q, want %q", got, want)
	}
	if got := scopeCodes(t, s, "VQ", "2025-Y"); strings.Contains(got, "VQ-XL ") || strings.Contains(got, "VQ-TD ") ||
		!strings.Contains(got, "VQ-XTD VQ-TD-01*") {
		t.Errorf("2025-Y under the district = %q: the old communes must be gone, their villages under VQ-XTD", got)
	}
	// The report in flight for 2025-Y is now the new commune's.
	if sub, err := s.Submission(ctx, draftY.ID); err != nil || sub.UnitID != res.Into.ID {
		t.Errorf("the 2025-Y draft belongs to unit %d, want %d (%v)", sub.UnitID, res.Into.ID, err)
	}
	// The late 2025-H1 report stays Tân Đoàn's, can still be sent, and counts.
	if _, err := s.Submit(ctx, storage.SubmitRequest{SubmissionID: lateH1.ID, UserID: 1, Now: at}); err != nil {
		t.Errorf("Tân Đoàn's own 2025-H1 report was refused after the merger: %v", err)
	}
	stamps, err := s.CountedSubmissions(ctx, res.Into.ID, mustPeriod(t, s, "2025-H1").ID, []string{communeForm})
	if err != nil || len(stamps) != 2 {
		t.Errorf("counted 2025-H1 reports under the new commune = %v (%v), want both old communes'", stamps, err)
	}
	checkMergedPeople(t, s, res, inv[0].Code)
}

// checkMergedPeople: the officers and the invite moved, each officer has a
// notice queued in their language on their channel, and new reports go to
// the right unit.
func checkMergedPeople(t *testing.T, s *storage.Store, res *storage.MergeResult, invite string) {
	t.Helper()
	ctx := context.Background()
	rows, err := s.UsersOfUnit(ctx, res.Into.Code, "")
	if err != nil || len(rows) != 2 {
		t.Errorf("people on the new commune = %+v (%v), want both officers", rows, err)
	}
	invs, err := s.Invites(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range invs {
		if i.Code == invite && i.UnitID != res.Into.ID {
			t.Errorf("the unused invite still points at unit %d", i.UnitID)
		}
	}
	msgs, err := s.OutboxMessages(ctx, storage.RuleUnitMerge, storage.OutboxQueued, 10)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("queued notices = %+v (%v)", msgs, err)
	}
	for _, m := range msgs {
		if (m.Text != m.Lang+": VQ-XL → Xã Xuân Tân" && m.Text != m.Lang+": VQ-TD → Xã Xuân Tân") || m.Channel != storage.DemoChannel || m.ExternalID == "" {
			t.Errorf("notice = %+v", m)
		}
	}
	var upe *storage.UnitPeriodError
	_, err = s.OpenDraft(ctx, storage.DraftRequest{UnitID: mustUnit(t, s, "VQ-XL").ID, PeriodID: mustPeriod(t, s, "2026-H1").ID,
		FormID: communeForm, UserID: 1, Now: storagetest.Now()})
	if !errors.As(err, &upe) || !strings.Contains(err.Error(), "merged into VQ-XTD") {
		t.Errorf("a new report of a merged commune: %v, want it refused naming VQ-XTD", err)
	}
	_, err = s.OpenDraft(ctx, storage.DraftRequest{UnitID: res.Into.ID, PeriodID: mustPeriod(t, s, "2025-H1").ID,
		FormID: communeForm, UserID: 1, Now: storagetest.Now()})
	if !errors.As(err, &upe) {
		t.Errorf("the new commune reporting for 2025-H1, before it existed: %v, want it refused", err)
	}
}

// Merging into an existing commune: both its own and the merged commune's
// old reports count, and a draft the existing commune already matches is
// left with the merged one, which can no longer send it.
func TestMergeIntoAnExistingCommuneKeepsBothHistories(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	at := storagetest.Now()
	report(t, s, "VQ-XL", "2025-H1", at, false, map[string]string{"live_births": "40"})
	report(t, s, "VQ-TD", "2025-H1", at, false, map[string]string{"live_births": "60"})
	report(t, s, "VQ-XL", "2025-Y", at, true, map[string]string{"live_births": "1"})
	clash := report(t, s, "VQ-TD", "2025-Y", at, true, map[string]string{"live_births": "2"})
	res, err := s.MergeUnits(ctx, storage.MergeRequest{Into: "VQ-XL", From: []string{"VQ-TD"}, On: mergeDay, Now: at})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created || res.Drafts != 0 || len(res.Kept) != 1 || res.Kept[0].Before || res.Notices != 0 {
		t.Fatalf("merge result = %+v", res)
	}
	units, err := s.ScopeUnits(ctx, res.Into.ID, mustPeriod(t, s, "2025-H1").ID, communeForm)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]storage.ScopeUnit{}
	for _, u := range units {
		got[u.Code] = u
	}
	xl, td := got["VQ-XL"], got["VQ-TD"]
	if xl.SubmissionID == 0 || td.SubmissionID == 0 || !td.Leaf || td.MergedInto != xl.ID || td.ParentID != xl.ID {
		t.Errorf("2025-H1 under VQ-XL: %+v and %+v, want both reports, Tân Đoàn a leaf merged into Xuân Long", xl, td)
	}
	_, err = s.Submit(ctx, storage.SubmitRequest{SubmissionID: clash.ID, UserID: 1, Now: at})
	var upe *storage.UnitPeriodError
	if !errors.As(err, &upe) {
		t.Errorf("sending the kept 2025-Y draft of a merged commune: %v, want it refused", err)
	}
}

// What would hide a sent report, mix kinds or leave people behind is
// refused, naming why.
func TestMergeAndCloseRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	at := storagetest.Now()
	report(t, s, "VQ-TT", "2025-Y", at, false, map[string]string{"live_births": "3"})
	cases := []struct {
		req  storage.MergeRequest
		want string
	}{
		{storage.MergeRequest{Into: "VQ-XL", From: []string{"VQ-TT"}, On: mergeDay}, "sent its " + communeForm + " report for 2025-Y"},
		{storage.MergeRequest{Into: "VQ-XL", From: []string{"VQ-XL-01"}, On: mergeDay}, "not a village like VQ-XL-01"},
		{storage.MergeRequest{Into: "VQ-XL", From: []string{"VQ-XL"}, On: mergeDay}, "merged into itself"},
		{storage.MergeRequest{Into: "VQ-NEW", From: []string{"VQ-TD"}, On: mergeDay}, "give its --name and --parent"},
		{storage.MergeRequest{Into: "VQ-NEW", Name: "X", Parent: "VQ-XL", From: []string{"VQ-TD"}, On: mergeDay}, "cannot sit under VQ-XL"},
		{storage.MergeRequest{Into: "VQ-NEW", Name: "X", Parent: "VQ", From: []string{"VQ-TD", "VQ-TT"}, On: time.Date(2025, 12, 1, 0, 0, 0, 0, storagetest.Zone())}, "choose the new unit's --area"},
	}
	for _, c := range cases {
		c.req.Now = at
		if _, err := s.MergeUnits(ctx, c.req); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("merge %+v: %v, want %q", c.req, err, c.want)
		}
	}
	if _, err := s.CloseUnit(ctx, "VQ-TD", mergeDay, at); err == nil || !strings.Contains(err.Error(), "2 open units under it and 1 people") {
		t.Errorf("closing a commune with villages and an officer: %v", err)
	}
}

// A closed village keeps the periods that end before the day it closed;
// a renamed commune keeps its code and history.
func TestCloseAndRenameUnits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	at := storagetest.Now()
	rows, err := s.UsersOfUnit(ctx, "VQ-TD-02", "")
	if err != nil || len(rows) != 1 {
		t.Fatalf("the village's collaborator: %+v %v", rows, err)
	}
	if _, err := s.DeactivateUser(ctx, rows[0].ID, at); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseUnit(ctx, "vq-td-02", mergeDay, at); err != nil {
		t.Fatal(err)
	}
	if got := scopeCodes(t, s, "VQ-TD", "2025-H1"); got != "VQ-TD VQ-TD-01* VQ-TD-02*" {
		t.Errorf("2025-H1 = %q, want the closed village still there", got)
	}
	if got := scopeCodes(t, s, "VQ-TD", "2025-Y"); got != "VQ-TD VQ-TD-01*" {
		t.Errorf("2025-Y = %q, want the closed village gone", got)
	}
	if _, err := s.CloseUnit(ctx, "VQ-TD-02", mergeDay, at); err == nil {
		t.Error("closing a closed unit again was accepted")
	}
	u, err := s.RenameUnit(ctx, "VQ-TD", "  Xã Tân Đoàn mới ", at)
	if err != nil || u.Name != "Xã Tân Đoàn mới" || mustUnit(t, s, "VQ-TD").Name != "Xã Tân Đoàn mới" {
		t.Errorf("rename: %+v %v", u, err)
	}
	if _, err := s.RenameUnit(ctx, "VQ-TD", "  ", at); err == nil {
		t.Error("an empty name was accepted")
	}
}

// After a merger the unit list imports back unchanged, but a file cannot
// move a merged unit away from its successor or put a unit under it.
func TestImportKeepsMergedUnitsWhereTheMergerPutThem(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	if _, err := s.MergeUnits(ctx, storage.MergeRequest{Into: "VQ-XL", From: []string{"VQ-TD"}, On: mergeDay, Now: storagetest.Now()}); err != nil {
		t.Fatal(err)
	}
	rows, err := s.ListUnits(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	file := "code,name,level,parent_code\n"
	for _, r := range rows {
		file += r.Code + "," + r.Name + "," + r.Level + "," + r.ParentCode + "\n"
	}
	if res, err := importString(t, s, file); err != nil || res.Created+res.Updated != 0 {
		t.Errorf("re-importing the list: %+v %v, want nothing changed", res, err)
	}
	for line, want := range map[string]string{
		"VQ-TD,Xã Tân Đoàn,commune,VQ":        "VQ-TD was merged into VQ-XL: its parent_code stays VQ-XL",
		"VQ-TD-09,Thôn Mới,village,VQ-TD":     `parent_code "VQ-TD" was merged into VQ-XL`,
		"VQ-XL-01,Thôn Nà Lùng,village,VQ-TD": `parent_code "VQ-TD" was merged into VQ-XL`,
	} {
		if _, err := importString(t, s, "code,name,level,parent_code\n"+line+"\n"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("import %q: %v, want %q", line, err, want)
		}
	}
}
