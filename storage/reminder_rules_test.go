package storage_test

import (
	"context"
	"strings"
	"testing"

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
