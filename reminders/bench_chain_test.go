package reminders

import (
	"testing"
	"time"

	"treembot/storage"
)

// nationalChainInput is the national tree with the reporting chain: the
// villages report on a form of their own, due 5 days before the commune
// report; the five offices each have a yearly form.
func nationalChainInput(tb testing.TB) PlanInput {
	in := nationalInput(tb)
	in.Forms = []ChainForm{{ID: "village_report", Reporter: ReporterVillage}, {ID: DefaultFormID, Reporter: ReporterCommune}}
	for _, o := range []string{"LDTBXH", "GDDT", "YTE", "VHTT", "TUPHAP"} {
		in.Forms = append(in.Forms, ChainForm{ID: "office_" + o, Reporter: ReporterOffice, Office: o,
			PeriodKinds: []string{storage.PeriodYearly}})
	}
	for i := range in.Periods {
		in.Periods[i].VillageLeadDays = 5
	}
	for i, s := range in.Statuses {
		if in.Units[s.UnitID-1].Level == storage.LevelVillage {
			in.Statuses[i].FormID = "village_report"
		}
	}
	return in
}

// BenchmarkPlanNationalChain times planning passes with the chain: the
// villages' due_7 morning (half the collaborators, and the officers'
// missed due_14 caught up), and the morning after the villages' deadline
// (every officer alerted, the owing officers' due_7 caught up).
func BenchmarkPlanNationalChain(b *testing.B) {
	benchPlan(b, nationalChainInput, []benchInstant{
		{"village_due_7", time.Date(2025, 5, 3, 8, 0, 0, 0, zoneVN(b)), 50_000 + 5_000},
		{"village_overdue", time.Date(2025, 5, 11, 8, 0, 0, 0, zoneVN(b)), 10_000 + 5_000},
	})
}
