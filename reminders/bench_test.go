package reminders

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"treembot/internal/measure"
	"treembot/storage"
	"treembot/storage/synth"
)

// nationalInput builds a national-scale tree: a root over 1,000 districts
// of 10 communes of 10 villages (10,000 communes, 100,000 villages), one
// collaborator per village (100,000), one officer per commune and five
// officials per district, each with a Telegram account; half of the
// villages and communes have submitted.
func nationalInput(tb testing.TB) PlanInput {
	z := zoneVN(tb)
	in := PlanInput{Zone: z, Rules: storage.DefaultReminderRules(), Sent: map[string]bool{}, Catalog: testCatalog,
		Channels: []string{"telegram"}}
	for y := 2025; y <= 2030; y++ {
		day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, z) }
		for _, p := range []struct {
			code     string
			end, due time.Time
		}{{fmt.Sprintf("%d-H1", y), day(y, 4, 30), day(y, 5, 15)}, {fmt.Sprintf("%d-Y", y), day(y, 10, 31), day(y, 11, 15)}} {
			in.Periods = append(in.Periods, storage.Period{ID: uint(len(in.Periods) + 1), Code: p.code,
				Start: day(y-1, 11, 1), End: p.end, Deadline: p.due, OpensAt: p.end.AddDate(0, 0, 1), ClosesAt: p.due.AddDate(0, 0, 30)})
		}
	}
	tree := synth.Tree{Districts: 1000, Communes: 10, Villages: 10}
	in.Units = make([]storage.OrgUnit, 0, tree.Size())
	in.People = make([]storage.ReminderPerson, 0, 115_000)
	addPerson := func(role string, unit uint, office string) {
		id := uint(len(in.People) + 1)
		ext := fmt.Sprint(100000000 + id)
		in.People = append(in.People, storage.ReminderPerson{
			User:       storage.User{ID: id, Name: fmt.Sprintf("Người %d", id), Role: role, UnitID: unit, Language: "vi", Active: true},
			OfficeCode: office,
			Identities: []storage.Identity{{UserID: id, Channel: "telegram", ExternalID: ext, ChatID: ext, Active: true}}})
	}
	submitted := func(unit uint) {
		in.Statuses = append(in.Statuses, storage.SubmissionStatus{UnitID: unit, PeriodID: in.Periods[0].ID, FormID: DefaultFormID, Status: storage.StatusSubmitted})
	}
	for u := range tree.Units() {
		id := uint(u.ID)
		unit := storage.OrgUnit{ID: id, Code: u.Code, Name: u.Name, Level: u.Level, Active: true}
		if u.ParentID != 0 {
			parent := uint(u.ParentID)
			unit.ParentID = &parent
		}
		in.Units = append(in.Units, unit)
		switch u.Level {
		case storage.LevelDistrict:
			for _, o := range []string{"LDTBXH", "GDDT", "YTE", "VHTT", "TUPHAP"} {
				addPerson(storage.RoleOfficial, id, o)
			}
		case storage.LevelCommune:
			addPerson(storage.RoleCommuneOfficer, id, "")
			if (u.ID-tree.CommuneID(0))%2 == 0 {
				submitted(id)
			}
		case storage.LevelVillage:
			addPerson(storage.RoleCollaborator, id, "")
			if (u.ID-tree.VillageID(0))%2 == 0 {
				submitted(id)
			}
		}
	}
	return in
}

// BenchmarkPlanNational times one planning pass over the national tree at
// two instants (the due_7 morning and the overdue-alert morning) and
// reports the peak live heap during the pass, the input included.
func BenchmarkPlanNational(b *testing.B) {
	benchPlan(b, nationalInput, []benchInstant{
		{"due_7", time.Date(2025, 5, 8, 8, 0, 0, 0, zoneVN(b)), 55_000},
		{"overdue", time.Date(2025, 5, 16, 8, 0, 0, 0, zoneVN(b)), 10_000 + 1_000},
	})
}

// benchInstant is one instant a planning benchmark plans at, and how many
// messages it must plan.
type benchInstant struct {
	name string
	at   time.Time
	want int
}

// benchPlan times planning passes over the input build makes, at each
// instant.
func benchPlan(b *testing.B, build func(testing.TB) PlanInput, instants []benchInstant) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	in := build(b)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	inputMB := float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
	for _, tc := range instants {
		b.Run(tc.name, func(b *testing.B) {
			in.Now = tc.at
			var peak uint64
			var n int
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				runtime.GC() // each pass starts from the input alone
				b.StartTimer()
				stop, startCPU := measure.HeapPeak(), measure.CPU()
				n = len(Plan(in))
				cpu += measure.CPU() - startCPU
				peak = max(peak, stop())
			}
			if n != tc.want {
				b.Fatalf("planned %d messages, want %d", n, tc.want)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(inputMB, "input-MB")
			b.ReportMetric(float64(n), "messages")
			cpuMS := float64(cpu.Milliseconds()) / float64(b.N)
			b.ReportMetric(cpuMS, "cpu-ms/op")
			b.Logf("%s: %d messages, %.0f ms/pass wall, %.0f ms CPU (all threads, GC included), peak heap %.0f MB (input %.0f MB)",
				tc.name, n, float64(b.Elapsed().Milliseconds())/float64(b.N), cpuMS, float64(peak)/(1<<20), inputMB)
		})
	}
}
