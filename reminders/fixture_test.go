package reminders

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"treembot/locales"
	"treembot/storage"
)

// A small district for planner tests, built in memory: district D with
// commune C1 (villages V1, V2, V3) and commune C2 (village V4); one
// collaborator per village, one officer per commune, an LĐTBXH and a
// health official at the district.
type fixture struct {
	in      PlanInput
	zone    *time.Location
	sent    map[string]bool
	people  map[string]uint // by name
	units   map[string]uint // by code
	periods map[string]storage.Period
	log     []sentMsg
}

// sentMsg is one planned message, as the fixture's fake outbox saw it.
type sentMsg struct {
	At   time.Time
	Due  Due
	Who  string
	Rule string
}

var testCatalog = locales.MustLoad()

func zoneVN(t testing.TB) *time.Location {
	z, err := locales.LoadZone("")
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func newFixture(t testing.TB) *fixture {
	z := zoneVN(t)
	f := &fixture{zone: z, sent: map[string]bool{}, people: map[string]uint{}, units: map[string]uint{},
		periods: map[string]storage.Period{}}
	f.unit("D", "Huyện D", storage.LevelDistrict, "")
	f.unit("C1", "Xã Một", storage.LevelCommune, "D")
	f.unit("C2", "Xã Hai", storage.LevelCommune, "D")
	for i, c := range []string{"C1", "C1", "C1", "C2"} {
		f.unit(fmt.Sprintf("V%d", i+1), fmt.Sprintf("Thôn %d", i+1), storage.LevelVillage, c)
	}
	for i := 1; i <= 4; i++ {
		f.person(fmt.Sprintf("Ctv%d", i), storage.RoleCollaborator, fmt.Sprintf("V%d", i), "")
	}
	f.person("Officer1", storage.RoleCommuneOfficer, "C1", "")
	f.person("Officer2", storage.RoleCommuneOfficer, "C2", "")
	f.person("Labour", storage.RoleOfficial, "D", "LDTBXH")
	f.person("Health", storage.RoleOfficial, "D", "YTE")
	for _, y := range []int{2025, 2026, 2027, 2028} {
		f.defaultPeriods(y)
	}
	f.in.Zone, f.in.Rules, f.in.Sent, f.in.Catalog = z, storage.DefaultReminderRules(), f.sent, testCatalog
	return f
}

func (f *fixture) unit(code, name, level, parent string) {
	id := uint(len(f.in.Units) + 1)
	u := storage.OrgUnit{ID: id, Code: code, Name: name, Level: level, Active: true}
	if parent != "" {
		pid := f.units[parent]
		u.ParentID = &pid
	}
	f.units[code] = id
	f.in.Units = append(f.in.Units, u)
}

func (f *fixture) person(name, role, unit, office string) *storage.ReminderPerson {
	id := uint(len(f.in.People) + 1)
	p := storage.ReminderPerson{User: storage.User{ID: id, Name: name, Role: role, UnitID: f.units[unit],
		Language: "vi", Active: true}, OfficeCode: office,
		Identities: []storage.Identity{{UserID: id, Channel: "telegram", ExternalID: fmt.Sprint(1000 + id),
			ChatID: fmt.Sprint(1000 + id), Active: true}}}
	f.people[name] = id
	f.in.People = append(f.in.People, p)
	return &f.in.People[len(f.in.People)-1]
}

func (f *fixture) find(name string) *storage.ReminderPerson {
	return &f.in.People[f.people[name]-1]
}

// defaultPeriods mirrors the plan's calendar: H1 covers 01/11–30/04, due
// 15/05; Y covers 01/11–31/10, due 15/11; open from the day after coverage
// until 30 days after the deadline.
func (f *fixture) defaultPeriods(year int) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, f.zone) }
	f.addPeriod(fmt.Sprintf("%d-H1", year), day(year-1, 11, 1), day(year, 4, 30), day(year, 5, 15))
	f.addPeriod(fmt.Sprintf("%d-Y", year), day(year-1, 11, 1), day(year, 10, 31), day(year, 11, 15))
}

func (f *fixture) addPeriod(code string, start, end, deadline time.Time) storage.Period {
	p := storage.Period{ID: uint(len(f.in.Periods) + 1), Code: code, Start: start, End: end, Deadline: deadline,
		OpensAt: end.AddDate(0, 0, 1), ClosesAt: deadline.AddDate(0, 0, 30)}
	f.in.Periods = append(f.in.Periods, p)
	f.periods[code] = p
	return p
}

// setStatus records a unit's commune report status for a period.
func (f *fixture) setStatus(unit, period, status string) {
	f.setFormStatus(unit, period, DefaultFormID, status)
}

// setFormStatus records the status of a unit's report on form for a period.
func (f *fixture) setFormStatus(unit, period, form, status string) {
	key := storage.SubmissionStatus{UnitID: f.units[unit], PeriodID: f.periods[period].ID, FormID: form}
	for i, s := range f.in.Statuses {
		if s.UnitID == key.UnitID && s.PeriodID == key.PeriodID && s.FormID == form {
			f.in.Statuses[i].Status = status
			return
		}
	}
	key.Status = status
	f.in.Statuses = append(f.in.Statuses, key)
}

// step plans at t and "queues" what is due, as the service would.
func (f *fixture) step(t time.Time) []Due {
	f.in.Now = t
	due := Plan(f.in)
	for _, d := range due {
		f.sent[d.Key] = true
		f.log = append(f.log, sentMsg{At: t, Due: d, Who: d.Name, Rule: d.Rule})
	}
	return due
}

// run steps the clock from from to until (exclusive) every step; during
// calls f.during(t) before each step, to change the world.
func (f *fixture) run(from, until time.Time, step time.Duration, during func(t time.Time)) {
	for t := from; t.Before(until); t = t.Add(step) {
		if during != nil {
			during(t)
		}
		f.step(t)
	}
}

// received lists "rule@02/01 15:04" for what name received, in order.
func (f *fixture) received(name string) []string {
	var out []string
	for _, m := range f.log {
		if m.Who == name {
			out = append(out, m.Rule+"@"+m.At.In(f.zone).Format("02/01/2006 15:04")+" "+m.Due.PeriodCode)
		}
	}
	return out
}

func (f *fixture) at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, f.zone)
	if err != nil {
		panic(err)
	}
	return t
}

func equalLists(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got: %q\nwant: %q", what, got, want)
	}
}

// sortedKeys is for stable error messages.
func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
