package cli_test

import (
	"strings"
	"testing"

	"treembot/internal/cli/clitest"
)

// On the demo district, `reminders plan` around 15 May names the right
// people with the right texts, and sends nothing.
func TestRemindersPlanOnTheDemoDistrict(t *testing.T) {
	env := clitest.Env(t)
	clitest.Run(t, env, "", "seed", "--demo")

	week := clitest.Run(t, env, "", "reminders", "plan", "--at", "2025-05-08T08:00:00+07:00", "--period", "2025-h1")
	mustHaveAll(t, week, "Reminders due at 08/05/2025 08:00 (Asia/Ho_Chi_Minh): 11 message(s); nothing is sent.",
		"collaborator · Thôn Nà Lùng · terminal:demo-collaborator-vq-xl-01 (vi)",
		"commune_officer · Xã Xuân Long · terminal:demo-commune_officer-vq-xl (vi)",
		"rule due_7 (due) · period 2025-H1",
		"| Xin chào anh/chị", "có hạn gửi là ngày 15/05/2025 — còn 7 ngày nữa",
		"[📝 Gửi báo cáo] → cmd:report")
	if strings.Contains(week, "official") || strings.Contains(week, "admin") {
		t.Errorf("officials or the admin got a due reminder:\n%s", week)
	}

	overdue := clitest.Run(t, env, "", "reminders", "plan", "--at", "2025-05-16T09:00:00+07:00")
	// The coordinating office, the culture office (21 is computed from the
	// commune reports it owns) and the three commune officers (their villages).
	mustHaveAll(t, overdue, ": 5 message(s)", "official · Huyện Văn Quan · terminal:demo-official-ldtbxh",
		"terminal:demo-official-vhtt",
		"| • Xã Xuân Long: chưa bắt đầu", "| • Thôn Nà Lùng: chưa bắt đầu", "rule overdue_1 (overdue)")

	night := clitest.Run(t, env, "", "reminders", "plan", "--at", "2025-05-15T22:00:00+07:00")
	// The commune stage (2 offices) and the villages' (3 officers), caught up.
	mustHaveAll(t, night, ": 0 message(s)", "16/05/2025 07:30  overdue_1      2025-H1  2 recipient(s)",
		"16/05/2025 07:30  overdue_1      2025-H1  3 recipient(s)")

	status := clitest.Run(t, env, "", "reminders", "status")
	mustHaveAll(t, status, "queued", "sent", "failed")
	if !strings.Contains(status, "all") || strings.Contains(status, "due_7") {
		t.Errorf("plan must not queue anything; status:\n%s", status)
	}
	rules := clitest.Run(t, env, "", "reminders", "rules")
	mustHaveAll(t, rules, "due_14", "digest_weekly", "LDTBXH", "07:30", "20:30")
}

func mustHaveAll(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("output lacks %q:\n%s", p, text)
		}
	}
}
