package reminders

import (
	"strings"
	"testing"
	"time"

	"treembot/storage"
)

// yearCase simulates a whole year with the planner run every five
// minutes, the world changing at given instants, and checks what each
// person received and when.
type yearCase struct {
	name   string
	year   int
	setup  func(f *fixture)
	events map[string]func(f *fixture) // "2006-01-02 15:04" → change
	want   map[string][]string         // person → "rule@day time period"
}

func dues(period string, days ...string) []string {
	out := make([]string, 0, len(days))
	rules := []string{"due_14", "due_7", "due_3", "due_1", "due_0"}
	for i, d := range days {
		out = append(out, rules[i]+"@"+d+" 07:30 "+period)
	}
	return out
}

func at730(rule, period string, days ...string) []string {
	out := make([]string, 0, len(days))
	for _, d := range days {
		out = append(out, rule+"@"+d+" 07:30 "+period)
	}
	return out
}

func concat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var (
	h1Dues2025 = dues("2025-H1", "01/05/2025", "08/05/2025", "12/05/2025", "14/05/2025", "15/05/2025")
	yDues2025  = dues("2025-Y", "01/11/2025", "08/11/2025", "12/11/2025", "14/11/2025", "15/11/2025")
	h1Alerts25 = concat(at730("overdue_1", "2025-H1", "16/05/2025"),
		at730("digest_weekly", "2025-H1", "23/05/2025", "30/05/2025", "06/06/2025", "13/06/2025"))
	yAlerts25 = concat(at730("overdue_1", "2025-Y", "16/11/2025"), at730("digest_weekly", "2025-Y", "23/11/2025"))
)

func yearCases() []yearCase {
	return []yearCase{{
		name: "2025: one unit never reports, one submits between two reminders, one is returned",
		year: 2025,
		events: map[string]func(f *fixture){
			"2025-05-10 12:00": func(f *fixture) { f.setStatus("V2", "2025-H1", storage.StatusSubmitted) },
			"2025-05-13 09:00": func(f *fixture) { f.setStatus("V3", "2025-H1", storage.StatusReturned) },
			"2025-11-25 10:00": func(f *fixture) {
				for _, u := range []string{"V1", "V2", "V3", "V4", "C1", "C2"} {
					f.setStatus(u, "2025-Y", storage.StatusSubmitted)
				}
			},
		},
		want: map[string][]string{
			"Ctv1": concat(h1Dues2025, yDues2025),
			"Ctv2": concat(h1Dues2025[:2], yDues2025),
			"Ctv3": concat(h1Dues2025, at730("fix_weekly", "2025-H1", "16/05/2025", "23/05/2025", "30/05/2025",
				"06/06/2025", "13/06/2025"), yDues2025),
			"Officer1": concat(h1Dues2025, h1Alerts25, yDues2025, yAlerts25),
			"Officer2": concat(h1Dues2025, h1Alerts25, yDues2025, yAlerts25),
			"Labour":   concat(h1Alerts25, yAlerts25),
			"Health":   nil,
		},
	}, {
		name: "2028, a leap year: periods due on 1 March and on 29 February",
		year: 2028,
		setup: func(f *fixture) {
			f.in.Periods = nil
			f.addPeriod("2028-Q1", f.at("2027-12-01 00:00"), f.at("2028-02-15 00:00"), f.at("2028-03-01 00:00"))
			f.addPeriod("2028-F", f.at("2027-12-01 00:00"), f.at("2028-02-01 00:00"), f.at("2028-02-29 00:00"))
			// Only the village reports, so the other people stay quiet.
			for _, u := range []string{"V2", "V3", "V4", "C1", "C2"} {
				f.setStatus(u, "2028-Q1", storage.StatusSubmitted)
				f.setStatus(u, "2028-F", storage.StatusSubmitted)
			}
		},
		want: map[string][]string{
			"Ctv1": {
				"due_14@15/02/2028 07:30 2028-F", "due_14@16/02/2028 07:30 2028-Q1",
				"due_7@22/02/2028 07:30 2028-F", "due_7@23/02/2028 07:30 2028-Q1",
				"due_3@26/02/2028 07:30 2028-F", "due_3@27/02/2028 07:30 2028-Q1",
				"due_1@28/02/2028 07:30 2028-F", "due_1@29/02/2028 07:30 2028-Q1",
				"due_0@29/02/2028 07:30 2028-F", "due_0@01/03/2028 07:30 2028-Q1",
			},
			"Officer1": concat(
				at730("overdue_1", "2028-F", "01/03/2028"), at730("overdue_1", "2028-Q1", "02/03/2028"),
				[]string{"digest_weekly@08/03/2028 07:30 2028-F", "digest_weekly@09/03/2028 07:30 2028-Q1",
					"digest_weekly@15/03/2028 07:30 2028-F", "digest_weekly@16/03/2028 07:30 2028-Q1",
					"digest_weekly@22/03/2028 07:30 2028-F", "digest_weekly@23/03/2028 07:30 2028-Q1",
					"digest_weekly@29/03/2028 07:30 2028-F", "digest_weekly@30/03/2028 07:30 2028-Q1"}),
			"Labour": nil,
		},
	}}
}

func TestPlannerOverAWholeYear(t *testing.T) {
	t.Parallel()
	for _, tc := range yearCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.find("Ctv4").Language = "en"
			if tc.setup != nil {
				tc.setup(f)
			}
			events := map[time.Time]func(f *fixture){}
			for s, ev := range tc.events {
				events[f.at(s)] = ev
			}
			start := time.Date(tc.year, 1, 1, 0, 0, 0, 0, f.zone)
			f.run(start, start.AddDate(1, 0, 0), 5*time.Minute, func(t time.Time) {
				if ev := events[t]; ev != nil {
					ev(f)
				}
			})
			for who, want := range tc.want {
				equalLists(t, who, f.received(who), want)
			}
			checkEveryMessage(t, f)
		})
	}
}

// checkEveryMessage holds for whatever was planned: inside the sending
// hours, one key once, in the person's language, reporters with the
// /report button.
func checkEveryMessage(t *testing.T, f *fixture) {
	t.Helper()
	keys := map[string]bool{}
	for _, m := range f.log {
		l := m.At.In(f.zone)
		if mins := l.Hour()*60 + l.Minute(); mins < 7*60+30 || mins >= 20*60+30 {
			t.Errorf("%s sent at %s, outside the sending hours", m.Due.Key, l.Format(time.RFC3339))
		}
		if keys[m.Due.Key] {
			t.Errorf("key %s planned twice", m.Due.Key)
		}
		keys[m.Due.Key] = true
		english := strings.HasPrefix(m.Due.Text, "Hello") || strings.HasPrefix(m.Due.Text, "Dear")
		if english != (m.Due.Lang == "en") {
			t.Errorf("%s got a message in the wrong language: %q", m.Who, m.Due.Text)
		}
		isReporterMsg := m.Due.Kind == storage.RuleDue || m.Due.Kind == storage.RuleFix
		if isReporterMsg != (m.Due.Button != nil && m.Due.Button.Data == "cmd:report") {
			t.Errorf("%s: button %+v on a %s message", m.Due.Key, m.Due.Button, m.Due.Kind)
		}
	}
}
