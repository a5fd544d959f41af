package storage_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/storagetest"
)

func TestSeedAddsDefaultRulesAndKeepsAdminChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	rules, err := s.ReminderRules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != len(storage.DefaultReminderRules()) {
		t.Fatalf("%d rules seeded, want %d", len(rules), len(storage.DefaultReminderRules()))
	}
	changed := rules[0]
	changed.Active, changed.SendFrom = false, "08:00"
	if err := s.SaveReminderRule(ctx, changed); err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(ctx, storage.SeedOptions{Elements: storagetest.PlanElements(), Zone: storagetest.Zone(),
		Now: storagetest.Now()}); err != nil {
		t.Fatal(err)
	}
	again, err := s.ReminderRules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again[0].Code != changed.Code || again[0].Active || again[0].SendFrom != "08:00" {
		t.Fatalf("seeding again undid the admin's change: %+v", again[0])
	}
}

func TestReminderRuleValidationNamesTheField(t *testing.T) {
	t.Parallel()
	base := storage.DefaultReminderRules()[0]
	cases := map[string]func(r *storage.ReminderRule){
		"kind":       func(r *storage.ReminderRule) { r.Kind = "later" },
		"send_from":  func(r *storage.ReminderRule) { r.SendFrom = "7h30" },
		"send_until": func(r *storage.ReminderRule) { r.SendUntil = "06:00" },
		"code":       func(r *storage.ReminderRule) { r.Code = "a/b" },
		"repeat":     func(r *storage.ReminderRule) { r.RepeatDays = -1 },
	}
	for want, mutate := range cases {
		r := base
		mutate(&r)
		err := storage.ValidateReminderRule(r)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v does not name it", want, err)
		}
	}
	if err := storage.ValidateReminderRule(base); err != nil {
		t.Errorf("default rule refused: %v", err)
	}
}

func TestReminderAudienceHasPeopleUnitsAndIdentities(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, demo := storagetest.NewSeeded(t, nil)
	aud, err := s.ReminderAudience(ctx)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]int{}
	for _, p := range aud.People {
		roles[p.Role]++
		if len(p.Identities) != 1 || !p.Identities[0].Active {
			t.Errorf("%s has identities %+v", p.Name, p.Identities)
		}
		if p.Role == storage.RoleOfficial && p.OfficeCode == "" {
			t.Errorf("official %s has no office code", p.Name)
		}
	}
	if roles[storage.RoleCollaborator] != 8 || roles[storage.RoleCommuneOfficer] != 3 || roles[storage.RoleOfficial] != 5 || roles[storage.RoleAdmin] != 0 {
		t.Fatalf("roles in the audience: %v", roles)
	}
	if len(aud.Units) != demo.Units {
		t.Fatalf("%d units, want %d", len(aud.Units), demo.Units)
	}
}

func TestSubmissionStatusesListEachReportsHeadByForm(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newDraftFixture(t)
	now := storagetest.Now()
	open := func(form string, unit uint, at time.Time) *storage.Submission {
		sub, err := f.s.OpenDraft(ctx, storage.DraftRequest{UnitID: unit, PeriodID: f.period.ID, FormID: form,
			UserID: f.user.ID, Channel: "telegram", Now: at})
		if err != nil {
			t.Fatal(err)
		}
		return sub
	}
	v1 := open("village_report", f.unit.ID, now)
	if _, err := f.s.Submit(ctx, storage.SubmitRequest{SubmissionID: v1.ID, UserID: f.user.ID, Now: now}); err != nil {
		t.Fatal(err)
	}
	open("village_report", f.unit.ID, now.Add(time.Hour)) // a correction beside the counted version
	commune := mustUnit(t, f.s, "VQ-XL")
	open("commune_report", commune.ID, now)
	open("office_gddt", commune.ID, now) // a form not asked about
	got, err := f.s.SubmissionStatuses(ctx, []uint{f.period.ID}, []string{"village_report", "commune_report"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[storage.SubmissionStatus]bool{
		{UnitID: f.unit.ID, PeriodID: f.period.ID, FormID: "village_report", Status: storage.StatusSubmitted}: true,
		{UnitID: commune.ID, PeriodID: f.period.ID, FormID: "commune_report", Status: storage.StatusDraft}:    true,
	}
	if len(got) != len(want) {
		t.Fatalf("statuses = %+v, want %d rows", got, len(want))
	}
	for _, s := range got {
		if !want[s] {
			t.Errorf("unexpected status %+v", s)
		}
	}
}

func TestReminderRecipientNamesRoleAndOffice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	aud, err := s.ReminderAudience(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(aud.Offices) == 0 || aud.Offices[0].NameVI == "" {
		t.Errorf("audience offices = %+v, want the seeded offices with names", aud.Offices)
	}
	// The offices owning indicators computed from the commune report hear
	// about the communes that owe it: LĐTBXH (1, 2, 8–13) and VHTT (21).
	if got := aud.FormOwners["commune_report"]; !slices.Equal(got, []string{"LDTBXH", "VHTT"}) {
		t.Errorf("owners of the commune report = %v, want LDTBXH and VHTT", got)
	}
	for _, p := range aud.People {
		got, err := s.ReminderRecipient(ctx, p.ID)
		if err != nil || got.Role != p.Role || got.OfficeCode != p.OfficeCode || got.UnitID != p.UnitID {
			t.Errorf("recipient %d = %+v, %v; want %s of %q at unit %d", p.ID, got, err, p.Role, p.OfficeCode, p.UnitID)
		}
	}
	if _, err := s.ReminderRecipient(ctx, 999999); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown user: %v, want ErrNotFound", err)
	}
}
