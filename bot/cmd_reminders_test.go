package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"treembot/storage"
)

// fakeReminders records what the commands asked for.
type fakeReminders struct {
	upcoming  []UpcomingReminder
	nudge     NudgeResult
	nudgeErr  error
	asked     []string
	from, end time.Time
}

func (f *fakeReminders) Upcoming(_ context.Context, from, until time.Time) ([]UpcomingReminder, error) {
	f.from, f.end = from, until
	return f.upcoming, nil
}

func (f *fakeReminders) Nudge(_ context.Context, code string, _ time.Time) (NudgeResult, error) {
	f.asked = append(f.asked, code)
	return f.nudge, f.nudgeErr
}

func TestRemindersCommandsAreForAdminsOnly(t *testing.T) {
	h := newHarness(t)
	fake := &fakeReminders{}
	h.router.Reminders = fake
	for _, role := range []string{storage.RoleCollaborator, storage.RoleCommuneOfficer, storage.RoleOfficial} {
		user := h.demoUser(role)
		for _, cmd := range []string{"/reminders", "/remind VQ-XL-01"} {
			got := h.send(user, cmd)
			mustContain(t, got, h.vi("bot_not_allowed", map[string]any{"Command": strings.Fields(cmd)[0]}))
		}
	}
	if len(fake.asked) != 0 {
		t.Fatalf("a refused /remind still nudged %v", fake.asked)
	}
	for _, m := range h.router.Menu() {
		if m.Name == "reminders" || m.Name == "remind" {
			if !slices.Equal(m.Roles, []string{storage.RoleAdmin}) || strings.HasPrefix(m.Description["vi"], "[") ||
				strings.HasPrefix(m.Description["en"], "[") {
				t.Errorf("menu entry %+v", m)
			}
		}
	}
}

func TestRemindersShowsTheWeekAhead(t *testing.T) {
	h := newHarness(t)
	admin := h.demoUser(storage.RoleAdmin)
	mustContain(t, h.send(admin, "/reminders"), h.vi("reminders_unavailable"))
	at := time.Date(2025, 5, 8, 7, 30, 0, 0, h.router.Zone)
	fake := &fakeReminders{upcoming: []UpcomingReminder{
		{At: at, Rule: "due_7", Kind: storage.RuleDue, DaysBefore: 7, Period: "2025-H1", Recipients: 11},
		{At: at.AddDate(0, 0, 7), Rule: "due_0", Kind: storage.RuleDue, Period: "2025-H1", Recipients: 1},
		{At: at.AddDate(0, 0, 8), Rule: "overdue_1", Kind: storage.RuleOverdue, Period: "2025-H1", Recipients: 4},
	}}
	h.router.Reminders = fake
	got := h.send(admin, "/lichnhac")
	for _, want := range []string{"Dạ, lịch nhắc trong 7 ngày tới:",
		"• 08/05/2025 07:30 — Nhắc trước hạn 7 ngày, kỳ 2025-H1: 11 người nhận",
		"• 15/05/2025 07:30 — Nhắc sáng ngày hết hạn, kỳ 2025-H1: 1 người nhận",
		"• 16/05/2025 07:30 — Báo quá hạn cho cán bộ phụ trách, kỳ 2025-H1: 4 người nhận"} {
		mustContain(t, got, want)
	}
	if !fake.from.Equal(h.now) || fake.end.Sub(fake.from) != 7*24*time.Hour {
		t.Errorf("asked for %v..%v, want the next 7 days from now", fake.from, fake.end)
	}
	fake.upcoming = nil
	mustContain(t, h.send(admin, "/reminders"), h.vi("reminders_schedule_empty"))
}

func TestRemindAnswersEveryOutcome(t *testing.T) {
	h := newHarness(t)
	admin := h.demoUser(storage.RoleAdmin)
	fake := &fakeReminders{}
	h.router.Reminders = fake
	mustContain(t, h.send(admin, "/remind"), h.vi("reminders_remind_usage"))
	fake.nudgeErr = fmt.Errorf("unit %q: %w", "XX", storage.ErrNotFound)
	mustContain(t, h.send(admin, "/remind xx"), h.vi("reminders_remind_unknown", map[string]any{"Code": "XX"}))
	fake.nudgeErr = nil
	fake.nudge = NudgeResult{Unit: "Thôn Nà Lùng"}
	mustContain(t, h.send(admin, "/remind VQ-XL-01"), "Thôn Nà Lùng không còn báo cáo nào phải nộp")
	fake.nudge = NudgeResult{Unit: "Thôn Nà Lùng", Periods: []string{"2025-H1"}, Recipients: 2, Queued: 2,
		At: time.Date(2025, 5, 2, 9, 0, 0, 0, h.router.Zone)}
	mustContain(t, h.send(admin, "/nhac VQ-XL-01"),
		"Dạ, đã xếp 2 lời nhắc tới người báo cáo của Thôn Nà Lùng (kỳ 2025-H1); tin sẽ được gửi lúc 02/05/2025 09:00.")
	fake.nudge.Queued = 0
	mustContain(t, h.send(admin, "/remind VQ-XL-01"), "vừa được xếp gửi rồi")
	if !slices.Equal(fake.asked, []string{"XX", "VQ-XL-01", "VQ-XL-01", "VQ-XL-01"}) {
		t.Errorf("nudged %v", fake.asked)
	}
}
