package app

import (
	"slices"
	"strings"

	"treembot/flows"
	"treembot/reminders"
)

// ReminderChain is the reporting chain reminders follow, as data built
// from the loaded forms (reminders does not load forms): who reports on
// which form, and for which period kinds. A form naming no reporter is
// the commune form of older setups.
func ReminderChain(forms map[string]*flows.Form) []reminders.ChainForm {
	out := make([]reminders.ChainForm, 0, len(forms))
	for _, f := range forms {
		reporter := f.Reporter
		if reporter == "" {
			reporter = flows.ReporterCommune
		}
		out = append(out, reminders.ChainForm{ID: f.ID, Reporter: reporter, Office: f.Office,
			PeriodKinds: slices.Clone(f.Periods)})
	}
	slices.SortFunc(out, func(a, b reminders.ChainForm) int { return strings.Compare(a.ID, b.ID) })
	return out
}
