package reminders

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"treembot/storage"
)

// newChainFixture is the small district with the reporting chain: a
// village form, the commune form (its indicators owned by LĐTBXH and
// education), and the health and labour offices' yearly forms; villages'
// reports are due 5 days before the commune's.
func newChainFixture(t testing.TB) *fixture {
	f := newFixture(t)
	f.person("Teacher", storage.RoleOfficial, "D", "GDDT")
	f.in.Forms = []ChainForm{
		{ID: "village_report", Reporter: ReporterVillage},
		{ID: "commune_report", Reporter: ReporterCommune, Owners: []string{"GDDT"}},
		{ID: "office_yte", Reporter: ReporterOffice, Office: "YTE", PeriodKinds: []string{storage.PeriodYearly}},
		// No period kinds: an office report is annual all the same.
		{ID: "office_ldtbxh", Reporter: ReporterOffice, Office: "LDTBXH"},
	}
	f.in.Offices = []storage.Office{{Code: "YTE", NameVI: "Phòng Y tế", NameEN: "Health Office"},
		{Code: "LDTBXH", NameVI: "Phòng LĐ-TB&XH", NameEN: "Labour Office"}, {Code: "GDDT", NameVI: "Phòng GD&ĐT"}}
	for i := range f.in.Periods {
		p := &f.in.Periods[i]
		p.VillageLeadDays, p.Kind = 5, storage.PeriodSixMonthly
		if strings.HasSuffix(p.Code, "-Y") {
			p.Kind = storage.PeriodYearly
		}
		f.periods[p.Code] = *p
	}
	return f
}

// messages lists "rule form" (or "rule" for alerts) of what name got in due.
func messages(due []Due, name string) []string {
	var out []string
	for _, d := range due {
		if d.Name == name {
			out = append(out, strings.TrimSpace(d.Rule+" "+d.FormID))
		}
	}
	return out
}

func TestChainWhoIsChasedWhen(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		setup  func(f *fixture)
		at     string
		who    string
		want   []string
		texts  []string // in the (first) message to who
		absent []string
	}{{
		name: "villages are chased by their own deadline, 5 days before the commune's",
		at:   "2025-05-03 07:30", who: "Ctv1", want: []string{"due_7 village_report"},
		texts: []string{"Thôn 1", "10/05/2025", "còn 7 ngày nữa"},
	}, {
		name: "the commune officer is not chased on the villages' days",
		at:   "2025-05-03 07:30", who: "Officer1",
	}, {
		name: "the commune officer is chased for the commune report by the commune's deadline",
		at:   "2025-05-08 07:30", who: "Officer1", want: []string{"due_7 commune_report"},
		texts: []string{"Xã Một", "15/05/2025"},
	}, {
		name: "collaborators are not chased on the commune's days",
		at:   "2025-05-08 07:30", who: "Ctv1",
	}, {
		name: "a village whose report was sent is not chased",
		setup: func(f *fixture) {
			f.setFormStatus("V1", "2025-H1", "village_report", storage.StatusSubmitted)
		},
		at: "2025-05-03 07:30", who: "Ctv1",
	}, {
		name: "a correction in progress beside a counted village report is not chased",
		setup: func(f *fixture) {
			f.setFormStatus("V1", "2025-H1", "village_report", storage.StatusSubmitted)
			f.in.Statuses = append(f.in.Statuses, storage.SubmissionStatus{UnitID: f.units["V1"],
				PeriodID: f.periods["2025-H1"].ID, FormID: "village_report", Status: storage.StatusDraft})
		},
		at: "2025-05-09 07:30", who: "Ctv1",
	}, {
		name: "the commune report sent does not spare a village its own report",
		setup: func(f *fixture) {
			f.setFormStatus("V1", "2025-H1", "commune_report", storage.StatusSubmitted)
		},
		at: "2025-05-03 07:30", who: "Ctv1", want: []string{"due_7 village_report"},
	}, {
		name: "an overdue village alerts its commune officer, listing only the villages that owe",
		setup: func(f *fixture) {
			f.setFormStatus("V2", "2025-H1", "village_report", storage.StatusSubmitted)
			f.setFormStatus("V3", "2025-H1", "village_report", storage.StatusReturned)
		},
		at: "2025-05-11 07:30", who: "Officer1", want: []string{"overdue_1"},
		texts:  []string{"10/05/2025", "Còn 2 đơn vị chưa gửi", "• Thôn 1: chưa bắt đầu", "• Thôn 3: "},
		absent: []string{"Thôn 2", "Thôn 4"},
	}, {
		name: "the coordinating office hears nothing of villages",
		at:   "2025-05-11 07:30", who: "Labour",
	}, {
		name: "an overdue commune alerts the coordinating office",
		setup: func(f *fixture) {
			f.setFormStatus("C2", "2025-H1", "commune_report", storage.StatusSubmitted)
		},
		at: "2025-05-16 07:30", who: "Labour", want: []string{"overdue_1"},
		texts: []string{"15/05/2025", "• Xã Một: chưa bắt đầu"}, absent: []string{"Xã Hai", "Thôn", "Phòng"},
	}, {
		name: "the owner of the commune report's indicators hears about the communes that owe it",
		at:   "2025-05-16 07:30", who: "Teacher", want: []string{"overdue_1"},
		texts: []string{"• Xã Một: chưa bắt đầu", "• Xã Hai: chưa bắt đầu"}, absent: []string{"Thôn"},
	}, {
		name: "an office is not chased for a six-monthly period",
		at:   "2025-05-08 07:30", who: "Health",
	}, {
		name: "an office form naming no period kinds is not chased for a six-monthly period",
		at:   "2025-05-08 07:30", who: "Labour",
	}, {
		name: "an office is chased for its yearly report, named by the office",
		at:   "2025-11-08 07:30", who: "Health", want: []string{"due_7 office_yte"},
		texts: []string{"Phòng Y tế", "15/11/2025"},
	}, {
		name: "an overdue office report alerts the coordinating office",
		setup: func(f *fixture) {
			f.setFormStatus("C1", "2025-Y", "commune_report", storage.StatusSubmitted)
			f.setFormStatus("C2", "2025-Y", "commune_report", storage.StatusSubmitted)
			f.setFormStatus("D", "2025-Y", "office_ldtbxh", storage.StatusSubmitted)
		},
		at: "2025-11-16 07:30", who: "Labour", want: []string{"overdue_1"},
		texts: []string{"Còn 1 đơn vị chưa gửi", "• Phòng Y tế: chưa bắt đầu"}, absent: []string{"Xã", "Phòng LĐ"},
	}, {
		name: "an office that has not sent is not alerted about itself unless it coordinates",
		at:   "2025-11-16 07:30", who: "Health",
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newChainFixture(t)
			if tc.setup != nil {
				tc.setup(f)
			}
			// The season so far, then the instant looked at.
			at := f.at(tc.at)
			f.run(at.AddDate(0, 0, -20), at, 30*time.Minute, nil)
			due := f.step(at)
			equalLists(t, tc.who, messages(due, tc.who), tc.want)
			for _, d := range due {
				if d.Name == tc.who {
					mustHave(t, d.Text, tc.texts...)
					mustLack(t, d.Text, tc.absent...)
					break
				}
			}
		})
	}
}

func TestChainSeasonForAVillageAndItsOfficer(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	f.run(f.at("2025-04-28 00:00"), f.at("2025-05-17 00:00"), 30*time.Minute, nil)
	equalLists(t, "Ctv1", trimPeriod(f.received("Ctv1")), []string{"due_14@01/05/2025 07:30",
		"due_7@03/05/2025 07:30", "due_3@07/05/2025 07:30", "due_1@09/05/2025 07:30", "due_0@10/05/2025 07:30"})
	equalLists(t, "Officer1", trimPeriod(f.received("Officer1")), []string{"due_14@01/05/2025 07:30",
		"due_7@08/05/2025 07:30", "overdue_1@11/05/2025 07:30", "due_3@12/05/2025 07:30",
		"due_1@14/05/2025 07:30", "due_0@15/05/2025 07:30"})
	equalLists(t, "Labour", trimPeriod(f.received("Labour")), []string{"overdue_1@16/05/2025 07:30"})
	checkEveryMessage(t, f)
}

func TestOldSetupChasesCollaboratorsForTheCommuneReport(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.in.Forms = []ChainForm{{ID: "commune_report", Reporter: ReporterCommune}}
	due := f.step(f.at("2025-05-08 07:30"))
	equalLists(t, "Ctv1", messages(due, "Ctv1"), []string{"due_7 commune_report"})
	equalLists(t, "Officer1", messages(due, "Officer1"), []string{"due_7 commune_report"})
}

// TestNoOneIsChasedForAReportThatCounts plans at random instants of a
// year over random report statuses (with corrections in progress beside
// counted versions): no reminder is about a counted report, and no alert
// lists one.
func TestNoOneIsChasedForAReportThatCounts(t *testing.T) {
	t.Parallel()
	statuses := []string{"", storage.StatusDraft, storage.StatusReturned, storage.StatusSubmitted, storage.StatusApproved}
	forms := map[string][]string{"village_report": {"V1", "V2", "V3", "V4"}, "commune_report": {"C1", "C2"},
		"office_yte": {"D"}, "office_ldtbxh": {"D"}}
	officeNames := map[string]string{"office_yte": "Phòng Y tế", "office_ldtbxh": "Phòng LĐ-TB&XH"}
	rng := rand.New(rand.NewPCG(11, 2026))
	reminded, alerted := 0, 0
	for trial := range 300 {
		f := newChainFixture(t)
		type report struct {
			unit, period uint
			form         int
		}
		counted := map[report]bool{}
		var countedNames []string
		period := []string{"2025-H1", "2025-Y"}[trial%2]
		for fi, form := range []string{"village_report", "commune_report", "office_yte", "office_ldtbxh"} {
			for _, unit := range forms[form] {
				st := statuses[rng.IntN(len(statuses))]
				if st == "" {
					continue
				}
				f.setFormStatus(unit, period, form, st)
				if done(st) {
					counted[report{f.units[unit], f.periods[period].ID, fi}] = true
					name := officeNames[form]
					if name == "" {
						name = f.in.Units[f.units[unit]-1].Name
					}
					countedNames = append(countedNames, "• "+name+":")
					if rng.IntN(2) == 0 { // a correction in progress beside it
						f.in.Statuses = append(f.in.Statuses, storage.SubmissionStatus{UnitID: f.units[unit],
							PeriodID: f.periods[period].ID, FormID: form, Status: storage.StatusDraft})
					}
				}
			}
		}
		deadline := f.periods[period].Deadline
		at := deadline.Add(time.Duration(rng.IntN(40*24*60)-20*24*60) * time.Minute)
		for _, d := range f.step(at) {
			if d.PeriodCode != period {
				continue
			}
			if d.FormID != "" {
				fi := newChain(f.in.Forms).byID[d.FormID]
				if counted[report{d.UnitID, d.PeriodID, fi}] {
					t.Fatalf("trial %d at %s: %s chased for a counted %s", trial, at, d.Name, d.FormID)
				}
				reminded++
				continue
			}
			alerted++
			mustLack(t, d.Text, countedNames...)
		}
	}
	if reminded < 100 || alerted < 50 {
		t.Fatalf("only %d reminders and %d alerts planned: the property was hardly tested", reminded, alerted)
	}
}

func TestNudgeFollowsTheChain(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	f.in.Now = f.at("2025-05-06 10:00")
	village := PlanNudge(f.in, f.units["V1"])
	if len(village) != 1 || village[0].Name != "Ctv1" || village[0].FormID != "village_report" {
		t.Fatalf("nudging a village = %+v, want its collaborator for the village report", village)
	}
	mustHave(t, village[0].Text, "Thôn 1", "10/05/2025")
	commune := PlanNudge(f.in, f.units["C1"])
	if len(commune) != 1 || commune[0].Name != "Officer1" || commune[0].FormID != "commune_report" {
		t.Fatalf("nudging a commune = %+v, want its officer for the commune report", commune)
	}
	if district := PlanNudge(f.in, f.units["D"]); len(district) != 0 {
		t.Errorf("nudging the district in a six-monthly period = %+v, want nothing (office reports are annual)", district)
	}
}
