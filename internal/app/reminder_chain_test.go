package app

import (
	"reflect"
	"testing"

	"treembot/flows"
	"treembot/reminders"
)

func TestReminderChainFromTheForms(t *testing.T) {
	forms := map[string]*flows.Form{
		"office_yte":     {ID: "office_yte", Reporter: flows.ReporterOffice, Office: "YTE", Periods: []string{"yearly"}},
		"commune_report": {ID: "commune_report"}, // an older form naming no reporter
		"village_report": {ID: "village_report", Reporter: flows.ReporterVillage},
	}
	want := []reminders.ChainForm{
		{ID: "commune_report", Reporter: reminders.ReporterCommune},
		{ID: "office_yte", Reporter: reminders.ReporterOffice, Office: "YTE", PeriodKinds: []string{"yearly"}},
		{ID: "village_report", Reporter: reminders.ReporterVillage},
	}
	if got := ReminderChain(forms); !reflect.DeepEqual(got, want) {
		t.Errorf("chain = %+v\nwant %+v", got, want)
	}
}
