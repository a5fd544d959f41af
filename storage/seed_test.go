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

func seedOpts() storage.SeedOptions {
	return storage.SeedOptions{Elements: storagetest.PlanElements(), Zone: storagetest.Zone(), Now: storagetest.Now()}
}

// counts is what an admin would see listed after a seed.
type counts struct{ offices, elements, indicators, parts, periods, units, users int }

func countAll(t *testing.T, s *storage.Store) counts {
	t.Helper()
	ctx := context.Background()
	offices, err1 := s.Offices(ctx)
	elements, err2 := s.DataElements(ctx)
	indicators, err3 := s.Indicators(ctx)
	parts, err4 := s.IndicatorParts(ctx)
	periods, err5 := s.Periods(ctx)
	units, err6 := s.ListUnits(ctx, "")
	if err := errors.Join(err1, err2, err3, err4, err5, err6); err != nil {
		t.Fatal(err)
	}
	var users int
	for _, u := range units {
		us, err := s.UsersOfUnits(ctx, []uint{u.ID})
		if err != nil {
			t.Fatal(err)
		}
		users += len(us)
	}
	return counts{len(offices), len(elements), len(indicators), len(parts), len(periods), len(units), users}
}

func TestSeedTwiceGivesTheSameFacts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	first := countAll(t, s)
	if err := s.Seed(ctx, seedOpts()); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	if _, err := s.SeedDemo(ctx, storage.DemoOptions{Now: storagetest.Now()}); err != nil {
		t.Fatalf("second demo seed: %v", err)
	}
	again := countAll(t, s)
	if again != first {
		t.Errorf("after re-seed counts = %+v, want %+v", again, first)
	}
	want := counts{offices: 5, elements: len(storagetest.PlanElements()),
		indicators: 24, parts: 35, periods: 12, units: 12, users: 8 + 3 + 5 + 1}
	if first != want {
		t.Errorf("seeded counts = %+v, want %+v", first, want)
	}
}

func TestSeedTargetsFollowThePlan(t *testing.T) {
	t.Parallel()
	s, _ := storagetest.NewSeeded(t, nil)
	parts, err := s.IndicatorParts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]storage.IndicatorPart{}
	for _, p := range parts {
		byCode[p.Code] = p
	}
	tests := []struct {
		code, op25, op30     string
		t25, t30             float64 // -1 = no target
		maintain             bool
		unit, num, den, area string
		mult                 float64
	}{
		{"1", ">=", ">=", 90, 95, false, "percent", "child_friendly", "units", "", 100},
		{"3a", "<", "<", 9.5, 9, false, "per_1000", "deaths_u28d", "live_births", "", 1000},
		{"3b", "<=", "<=", 12.5, 10, false, "per_1000", "deaths_u1", "live_births", "", 1000},
		{"4c-rural", "<", "<", 5, 5, false, "percent", "u5_obese", "u5_measured", "rural", 100},
		{"4c-urban", "<", "<", 10, 10, false, "percent", "u5_obese", "u5_measured", "urban", 100},
		{"5b", "", ">=", -1, 98, false, "percent", "u5_fully_immunised", "children_u5", "", 100},
		{"6", "", "<", -1, 2, false, "percent", "hiv_infected_infants", "hiv_exposed_births", "", 100},
		{"8a", "<", "<", 1, 1, true, "percent", "special_circumstances", "children_u16", "", 100},
		{"10", "=", "=", 0, 0, false, "count", "child_labour", "", "", 1},
		{"11a", "<", "<", 0.02, 0.01, false, "percent", "accident_injuries", "children_u16", "", 100},
		{"14", "=", "=", 100, 100, false, "percent", "u5_birth_registered", "children_u5", "", 100},
		{"17a", ">", ">", 99.95, 99.95, true, "percent", "primary_completed", "primary_final_grade", "", 100},
		{"18a", ">=", ">=", 98, 99, false, "percent", "lower_secondary_completed", "lower_secondary_final_grade", "", 100},
		{"21", ">", ">", 55, 60, false, "percent", "play_space", "units", "", 100},
	}
	for _, tt := range tests {
		p, ok := byCode[tt.code]
		if !ok {
			t.Errorf("part %s missing", tt.code)
			continue
		}
		if got := target(p.Target2025); p.Op2025 != tt.op25 || got != tt.t25 {
			t.Errorf("part %s 2025 target = %s %v, want %s %v", tt.code, p.Op2025, got, tt.op25, tt.t25)
		}
		if got := target(p.Target2030); p.Op2030 != tt.op30 || got != tt.t30 || p.Maintain2030 != tt.maintain {
			t.Errorf("part %s 2030 target = %s %v maintain=%v, want %s %v maintain=%v",
				tt.code, p.Op2030, got, p.Maintain2030, tt.op30, tt.t30, tt.maintain)
		}
		if p.Unit != tt.unit || p.NumeratorCode != tt.num || p.DenominatorCode != tt.den || p.Area != tt.area || p.Multiplier != tt.mult {
			t.Errorf("part %s = %s %s/%s area %q ×%v, want %s %s/%s area %q ×%v", tt.code,
				p.Unit, p.NumeratorCode, p.DenominatorCode, p.Area, p.Multiplier, tt.unit, tt.num, tt.den, tt.area, tt.mult)
		}
	}
}

func target(v *float64) float64 {
	if v == nil {
		return -1
	}
	return *v
}

func TestSeedIndicatorsAndOffices(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	inds, err := s.Indicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	owners := map[string]string{"1": "LDTBXH", "3": "YTE", "7": "GDDT", "14": "TUPHAP", "21": "VHTT", "24": "GDDT"}
	for i, ind := range inds {
		if want := itoa(i + 1); ind.Code != want {
			t.Errorf("indicator %d has code %q, want %q (plan order)", i, ind.Code, want)
		}
		if o, ok := owners[ind.Code]; ok && ind.OfficeCode != o {
			t.Errorf("indicator %s owned by %s, want %s", ind.Code, ind.OfficeCode, o)
		}
		if ind.NameVI == "" || ind.NameEN == "" {
			t.Errorf("indicator %s lacks a name", ind.Code)
		}
	}
	offices, err := s.Offices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range offices {
		if o.Code == "LDTBXH" && o.NameVI != "Phòng Lao động, Thương binh, Xã hội - Dân tộc" {
			t.Errorf("LDTBXH Vietnamese name = %q", o.NameVI)
		}
	}
}

func TestSeedPeriodsFollowTheCalendar(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	zone := storagetest.Zone()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, zone) }
	tests := []struct {
		code, kind                          string
		start, end, deadline, opens, closes time.Time
	}{
		{"2025-H1", storage.PeriodSixMonthly, day(2024, 11, 1), day(2025, 4, 30), day(2025, 5, 15), day(2025, 5, 1), day(2025, 6, 15)},
		{"2025-Y", storage.PeriodYearly, day(2024, 11, 1), day(2025, 10, 31), day(2025, 11, 15), day(2025, 11, 1), day(2025, 12, 16)},
		{"2030-Y", storage.PeriodYearly, day(2029, 11, 1), day(2030, 10, 31), day(2030, 11, 15), day(2030, 11, 1), day(2030, 12, 16)},
	}
	for _, tt := range tests {
		p, err := s.PeriodByCode(ctx, tt.code)
		if err != nil {
			t.Fatalf("period %s: %v", tt.code, err)
		}
		got := []time.Time{p.Start, p.End, p.Deadline, p.OpensAt, p.ClosesAt}
		want := []time.Time{tt.start, tt.end, tt.deadline, tt.opens, tt.closes}
		for i, name := range []string{"start", "end", "deadline", "opens", "closes"} {
			if !got[i].Equal(want[i]) {
				t.Errorf("%s %s = %s, want %s", tt.code, name, got[i].In(zone), want[i])
			}
		}
		if p.Kind != tt.kind {
			t.Errorf("%s kind = %s, want %s", tt.code, p.Kind, tt.kind)
		}
	}
	p, _ := s.PeriodByCode(ctx, "2025-H1")
	if got := p.Deadline.In(zone).Format("2006-01-02 15:04 -07:00"); got != "2025-05-15 00:00 +07:00" {
		t.Errorf("2025-H1 deadline shows as %s", got)
	}
}

func TestReseedKeepsAnAdminsPeriodChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	p, err := s.PeriodByCode(ctx, "2025-H1")
	if err != nil {
		t.Fatal(err)
	}
	moved := p.Deadline.AddDate(0, 0, 5)
	p.Deadline = moved
	if _, err := s.SavePeriod(ctx, *p); err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(ctx, seedOpts()); err != nil {
		t.Fatal(err)
	}
	after, err := s.PeriodByCode(ctx, "2025-H1")
	if err != nil {
		t.Fatal(err)
	}
	if !after.Deadline.Equal(moved) {
		t.Errorf("deadline after re-seed = %s, want the admin's %s", after.Deadline, moved)
	}
}

func TestSeedRejectsFormsMissingIndicatorElements(t *testing.T) {
	t.Parallel()
	var elements []storage.DataElement
	for _, e := range storagetest.PlanElements() {
		if e.Code != "u5_obese" {
			elements = append(elements, e)
		}
	}
	tests := []struct {
		name     string
		elements []storage.DataElement
		want     string
	}{
		{"missing numerator", elements, `numerator element "u5_obese" is not defined`},
		{"bad type", append(storagetest.PlanElements(), storage.DataElement{Code: "x", LabelVI: "x", LabelEN: "x", Type: "number"}), `element "x": type "number"`},
		{"repeated code", append(storagetest.PlanElements(), storagetest.PlanElements()[0]), `element "children_u1": code repeats`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := storagetest.New(t)
			err := s.Seed(context.Background(), storage.SeedOptions{Elements: tt.elements, Zone: storagetest.Zone()})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Seed error = %v, want it to mention %s", err, tt.want)
			}
			inds, err := s.Indicators(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(inds) != 0 {
				t.Errorf("failed seed left %d indicators behind", len(inds))
			}
		})
	}
}

func TestSeedDemoIdentities(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, demo := storagetest.NewSeeded(t, nil)
	ids := map[string]storage.DemoUser{}
	for _, u := range demo.Users {
		ids[u.ExternalID] = u
	}
	tests := []struct{ ext, role, unit, office string }{
		{"demo-collaborator-vq-xl-01", storage.RoleCollaborator, "VQ-XL-01", ""},
		{"demo-commune_officer-vq-tt", storage.RoleCommuneOfficer, "VQ-TT", ""},
		{"demo-official-yte", storage.RoleOfficial, "VQ", "YTE"},
		{"demo-admin-vq", storage.RoleAdmin, "VQ", ""},
	}
	for _, tt := range tests {
		d, ok := ids[tt.ext]
		if !ok {
			t.Errorf("demo identity %s missing", tt.ext)
			continue
		}
		u, err := s.UserByIdentity(ctx, storage.DemoChannel, tt.ext)
		if err != nil {
			t.Fatalf("UserByIdentity(%s): %v", tt.ext, err)
		}
		unit, err := s.Unit(ctx, u.UnitID)
		if err != nil {
			t.Fatal(err)
		}
		if u.ID != d.UserID || u.Role != tt.role || unit.Code != tt.unit || (tt.office != "") != (u.OfficeID != nil) {
			t.Errorf("%s is %s of %s (office %v), want %s of %s", tt.ext, u.Role, unit.Code, u.OfficeID, tt.role, tt.unit)
		}
	}
	town, err := s.UnitByCode(ctx, "VQ-TT")
	if err != nil {
		t.Fatal(err)
	}
	if town.Area != storage.AreaUrban {
		t.Errorf("township area = %s, want urban", town.Area)
	}
}
