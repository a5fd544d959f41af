package reminders

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"treembot/storage"
)

// runWithOutage steps every 5 minutes over [from, until) but plans
// nothing while the bot is down.
func (f *fixture) runWithOutage(from, until, downFrom, downUntil time.Time) {
	for t := from; t.Before(until); t = t.Add(5 * time.Minute) {
		if !t.Before(downFrom) && t.Before(downUntil) {
			continue
		}
		f.step(t)
	}
}

func TestCatchUpAndQuietHours(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name           string
		down, up       string
		ctv1, officer1 []string
	}{{
		name: "3-day outage over due_7: it goes out when the bot is back",
		down: "2025-05-07 12:00", up: "2025-05-10 12:00",
		ctv1: []string{"due_14@01/05/2025 07:30", "due_7@10/05/2025 12:00", "due_3@12/05/2025 07:30",
			"due_1@14/05/2025 07:30", "due_0@15/05/2025 07:30"},
	}, {
		name: "3-day outage over due_3 and due_1: only the latest goes out",
		down: "2025-05-11 00:00", up: "2025-05-14 10:00",
		ctv1: []string{"due_14@01/05/2025 07:30", "due_7@08/05/2025 07:30", "due_1@14/05/2025 10:00",
			"due_0@15/05/2025 07:30"},
	}, {
		name: "back at night: the reminder waits for the morning, then the next one supersedes it",
		down: "2025-05-14 06:00", up: "2025-05-14 23:00",
		ctv1: []string{"due_14@01/05/2025 07:30", "due_7@08/05/2025 07:30", "due_3@12/05/2025 07:30",
			"due_0@15/05/2025 07:30"},
	}, {
		name: "down all deadline day: the deadline passed, so only the overdue alert follows",
		down: "2025-05-15 07:00", up: "2025-05-15 21:00",
		ctv1:     []string{"due_14@01/05/2025 07:30", "due_7@08/05/2025 07:30", "due_3@12/05/2025 07:30", "due_1@14/05/2025 07:30"},
		officer1: []string{"due_14@01/05/2025 07:30", "due_7@08/05/2025 07:30", "due_3@12/05/2025 07:30", "due_1@14/05/2025 07:30", "overdue_1@16/05/2025 07:30"},
	}, {
		name: "back in the evening after the morning's slot: sent at once, inside the hours",
		down: "2025-05-12 07:00", up: "2025-05-12 19:00",
		ctv1: []string{"due_14@01/05/2025 07:30", "due_7@08/05/2025 07:30", "due_3@12/05/2025 19:00",
			"due_1@14/05/2025 07:30", "due_0@15/05/2025 07:30"},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.runWithOutage(f.at("2025-04-28 00:00"), f.at("2025-05-16 12:00"), f.at(tc.down), f.at(tc.up))
			equalLists(t, "Ctv1", trimPeriod(f.received("Ctv1")), tc.ctv1)
			if tc.officer1 != nil {
				equalLists(t, "Officer1", trimPeriod(f.received("Officer1")), tc.officer1)
			}
			checkEveryMessage(t, f)
		})
	}
}

func trimPeriod(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i], _, _ = strings.Cut(s, " 2025-H1")
	}
	return out
}

func TestCaughtUpReminderCountsTheDaysFromNow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	due := f.step(f.at("2025-05-10 12:00"))
	if len(due) == 0 || due[0].Rule != "due_7" {
		t.Fatalf("planned %v", due)
	}
	for _, want := range []string{"còn 5 ngày nữa", "15/05/2025", "Báo cáo 6 tháng (01/11/2024–30/04/2025)", "chưa được nhập"} {
		if !strings.Contains(due[0].Text, want) {
			t.Errorf("text lacks %q: %s", want, due[0].Text)
		}
	}
	// A collaborator never sees the period's internal code.
	if strings.Contains(due[0].Text, "2025-H1") {
		t.Errorf("text shows the period code: %s", due[0].Text)
	}
	if !due[0].NotAfter.Equal(f.at("2025-05-12 07:30")) {
		t.Errorf("due_7 expires at %v, want when due_3 takes over", due[0].NotAfter)
	}
}

func TestPeriodOpenedLate(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.in.Periods = nil
	p := f.addPeriod("2025-H1", f.at("2024-11-01 00:00"), f.at("2025-04-30 00:00"), f.at("2025-05-15 00:00"))
	f.in.Periods[0].OpensAt = f.at("2025-05-10 14:00") // the admin opened it late
	f.periods[p.Code] = f.in.Periods[0]
	f.run(f.at("2025-04-20 00:00"), f.at("2025-05-16 00:00"), 5*time.Minute, nil)
	equalLists(t, "Ctv1", trimPeriod(f.received("Ctv1")), []string{
		"due_7@10/05/2025 14:00", "due_3@12/05/2025 07:30", "due_1@14/05/2025 07:30", "due_0@15/05/2025 07:30"})
}

func TestAlertsGoToWhoAnswersForTheUnit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.setStatus("V2", "2025-H1", storage.StatusSubmitted)
	f.setStatus("V3", "2025-H1", storage.StatusDraft)
	f.setStatus("C2", "2025-H1", storage.StatusSubmitted)
	f.find("Ctv1").Identities[0].Active = false // blocked the bot
	texts := map[string]string{}
	for _, d := range f.step(f.at("2025-05-16 08:00")) {
		if d.Rule != "overdue_1" {
			t.Errorf("unexpected %s to %s", d.Rule, d.Name)
		}
		texts[d.Name] = d.Text
	}
	if len(texts) != 3 || texts["Health"] != "" || texts["Ctv1"] != "" {
		t.Fatalf("alerts went to %v", sortedKeys(keysOf(texts)))
	}
	mustHave(t, texts["Officer1"], "Còn 2 đơn vị chưa gửi", "• Thôn 1: chưa bắt đầu", "• Thôn 3: đang nhập, chưa gửi",
		"không nhận được tin nhắc", "• Ctv1 (Thôn 1)")
	mustLack(t, texts["Officer1"], "Thôn 2", "Thôn 4")
	mustHave(t, texts["Officer2"], "• Thôn 4: chưa bắt đầu")
	mustHave(t, texts["Labour"], "Còn 1 đơn vị chưa gửi", "• Xã Một: chưa bắt đầu")
	mustLack(t, texts["Labour"], "Thôn", "Xã Hai")
}

func TestVillageWithoutOfficerEscalatesToOfficials(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.find("Officer2").Role = storage.RoleAdmin // commune C2 has no officer any more
	var labour string
	for _, d := range f.step(f.at("2025-05-16 08:00")) {
		if d.Name == "Labour" {
			labour = d.Text
		}
	}
	mustHave(t, labour, "• Xã Một", "• Thôn 4")
	mustLack(t, labour, "Thôn 1")
}

func TestLongAlertsAreCut(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for i := range 30 {
		code := fmt.Sprintf("X%02d", i)
		f.unit(code, "Thôn X"+code, storage.LevelVillage, "C1")
		f.person("P"+code, storage.RoleCollaborator, code, "").Identities = nil
	}
	var officer string
	for _, d := range f.step(f.at("2025-05-16 08:00")) {
		if d.Name == "Officer1" {
			officer = d.Text
		}
	}
	if n := strings.Count(officer, "\n• "); n != maxListedUnits+maxListedPeople {
		t.Errorf("%d lines listed, want %d units and %d people", n, maxListedUnits, maxListedPeople)
	}
	mustHave(t, officer, "Còn 33 đơn vị chưa gửi", "… và 8 đơn vị khác", "… và 15 người khác")
}

func TestReturnedReportGetsPleaseFixInstead(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.setStatus("V1", "2025-H1", storage.StatusReturned)
	f.find("Ctv1").Language = "en"
	due := f.step(f.at("2025-05-12 08:00"))
	var ctv1 Due
	for _, d := range due {
		if d.Name == "Ctv1" {
			ctv1 = d
		}
	}
	mustHave(t, ctv1.Text, "was returned for correction", "by 15/05/2025 (3 days left)")
	if ctv1.Button == nil || ctv1.Button.Label != "📝 Send the report" || ctv1.Button.Data != "cmd:report" {
		t.Errorf("button %+v", ctv1.Button)
	}
}

func TestDeliverableChannelAndMostRecentIdentity(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	seen := f.at("2025-05-01 10:00")
	p := f.find("Ctv1")
	p.Identities = append(p.Identities, storage.Identity{UserID: p.ID, Channel: "zalo", ExternalID: "z1",
		ChatID: "z1", Active: true, LastSeenAt: &seen})
	f.find("Ctv2").Identities[0].Channel = "terminal"
	f.in.Channels = []string{"telegram", "zalo"}
	got := map[string]string{}
	for _, d := range f.step(f.at("2025-05-08 08:00")) {
		got[d.Name] = d.Channel + ":" + d.ChatID
	}
	if got["Ctv1"] != "zalo:z1" {
		t.Errorf("Ctv1 reached on %q, want the Zalo account they used last", got["Ctv1"])
	}
	if _, ok := got["Ctv2"]; ok {
		t.Error("Ctv2 has only a terminal account, which cannot deliver here")
	}
}

func TestNudgeOnlyWhatIsOwed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.in.Now = f.at("2025-05-05 21:00")
	due := PlanNudge(f.in, f.units["V1"])
	if len(due) != 1 || due[0].Name != "Ctv1" || due[0].Rule != ruleNudge {
		t.Fatalf("nudge = %+v", due)
	}
	// Queued at night, it goes out on the 6th: 9 days before the deadline.
	mustHave(t, due[0].Text, "Cán bộ phụ trách nhắc", "còn 9 ngày nữa")
	f.in.Now = f.at("2025-05-05 21:00").Add(30 * time.Second)
	if again := PlanNudge(f.in, f.units["V1"]); again[0].Key != due[0].Key {
		t.Error("two nudges in the same minute must share their key")
	}
	f.setStatus("V1", "2025-H1", storage.StatusSubmitted)
	if got := PlanNudge(f.in, f.units["V1"]); len(got) != 0 {
		t.Errorf("a unit that submitted was nudged: %+v", got)
	}
}

func TestUpcomingWeek(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.setStatus("V2", "2025-H1", storage.StatusSubmitted)
	f.in.Catalog = nil
	f.in.Now = f.at("2025-05-06 21:00")
	var got []string
	for _, u := range Upcoming(f.in, f.in.Now.Add(7*24*time.Hour)) {
		got = append(got, fmt.Sprintf("%s %s %d", u.At.In(f.zone).Format("02/01 15:04"), u.Rule, u.Recipients))
	}
	// due_14 was never sent (the bot just started): it goes out next morning.
	equalLists(t, "upcoming", got, []string{"07/05 07:30 due_14 5", "08/05 07:30 due_7 5", "12/05 07:30 due_3 5"})
}

func keysOf(m map[string]string) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

func mustHave(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("text lacks %q:\n%s", p, text)
		}
	}
}

func mustLack(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(text, p) {
			t.Errorf("text should not contain %q:\n%s", p, text)
		}
	}
}

// Every plural message renders for one and for many, in both languages: a
// missing form shows as "[id]" in a reminder.
func TestPluralTextsRenderForOneAndMany(t *testing.T) {
	t.Parallel()
	ids := []string{"reminders_days_left", "reminders_days_late", "reminders_overdue_head", "reminders_digest_head",
		"reminders_alert_more", "reminders_people_more", "reminders_schedule_line", "reminders_rule_due_before",
		"reminders_remind_queued"}
	for _, lang := range []string{"vi", "en"} {
		for _, id := range ids {
			for _, n := range []int{0, 1, 2, 21} {
				if got := testCatalog.N(lang, id, n, nil); strings.HasPrefix(got, "[") {
					t.Errorf("%s %s with count %d renders as %s", lang, id, n, got)
				}
			}
		}
	}
}

// A commune made by a merger on 01/05/2025 does not owe 2025-H1, which
// ended before it existed (its old communes do); its villages still do.
func TestMergersNewUnitOwesNoEarlierPeriod(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	starts := time.Date(2025, 5, 1, 0, 0, 0, 0, f.zone)
	f.in.Units[f.units["C1"]-1].StartsOn = &starts
	due := f.step(f.at("2025-05-14 09:00"))
	var who []string
	for _, d := range due {
		if d.PeriodCode == "2025-H1" {
			who = append(who, d.Name)
		}
	}
	got := strings.Join(who, " ")
	if strings.Contains(got, "Officer1") || !strings.Contains(got, "Officer2") || !strings.Contains(got, "Ctv1") {
		t.Errorf("reminded for 2025-H1: %s; want Officer2 and the villages, not the new commune's Officer1", got)
	}
}
