package reminders

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"treembot/bot"
	"treembot/bot/chatmsg"
	"treembot/flows"
	"treembot/storage"
	"treembot/storage/sessions/sessionstest"
	"treembot/storage/storagetest"
)

// chat drives the real router with the service wired as Deps.Reminders,
// on the seeded demo district.
type chat struct {
	t      *testing.T
	router *bot.Router
	n      int
}

func newChat(t *testing.T, svc *Service, clock func() time.Time) *chat {
	t.Helper()
	forms, err := flows.LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	r, err := bot.NewRouter(bot.Deps{Store: svc.Store.(*storage.Store), Sessions: sessionstest.New(t),
		Engine: flows.NewEngine(testCatalog), Forms: forms, Catalog: testCatalog, Clock: clock,
		Zone: storagetest.Zone(), DefaultLang: "vi", Reminders: svc})
	if err != nil {
		t.Fatal(err)
	}
	return &chat{t: t, router: r}
}

func (c *chat) send(user, text string) string {
	c.t.Helper()
	c.n++
	msgs, err := c.router.Handle(context.Background(), chatmsg.Update{Channel: storage.DemoChannel,
		UpdateID: fmt.Sprint(c.n), ChatID: user, UserID: user, Kind: chatmsg.KindMessage, Text: text})
	if err != nil {
		c.t.Fatalf("%s: %v", text, err)
	}
	var out []string
	for _, m := range msgs {
		out = append(out, m.Text)
	}
	return strings.Join(out, "\n")
}

func TestAdminSeesTheWeekAndNudgesAUnit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, _ := storagetest.NewSeeded(t, nil)
	clock := &clockAt{t: time.Date(2025, 5, 6, 21, 0, 0, 0, storagetest.Zone())}
	sender := newFakeSender(clock.Now)
	svc := newService(st, sender, clock.Now, nil)
	c := newChat(t, svc, clock.Now)
	const admin = "demo-admin-vq"

	week := c.send(admin, "/reminders")
	mustHave(t, week, "Dạ, lịch nhắc trong 7 ngày tới:",
		"• 07/05/2025 07:30 — Nhắc trước hạn 14 ngày, kỳ 2025-H1: 11 người nhận",
		"• 08/05/2025 07:30 — Nhắc trước hạn 7 ngày, kỳ 2025-H1: 11 người nhận",
		"• 12/05/2025 07:30 — Nhắc trước hạn 3 ngày, kỳ 2025-H1: 11 người nhận")
	mustLack(t, week, "14/05/2025")

	// In the evening the nudge waits for the morning.
	mustHave(t, c.send(admin, "/remind vq-xl-01"),
		"Dạ, đã xếp 1 lời nhắc tới người báo cáo của Thôn Nà Lùng (kỳ 2025-H1); tin sẽ được gửi lúc 07/05/2025 07:30.")
	mustHave(t, c.send(admin, "/remind VQ-XL-01"), "vừa được xếp gửi rồi")
	drain(t, svc.Dispatcher("x"))
	if sender.total() != 0 {
		t.Fatal("nudge sent during quiet hours")
	}
	clock.Set(time.Date(2025, 5, 7, 7, 30, 0, 0, storagetest.Zone()))
	drain(t, svc.Dispatcher("x"))
	got := sender.got["demo-collaborator-vq-xl-01"]
	if len(got) != 1 || len(got[0].Buttons) != 1 || got[0].Buttons[0][0].Data != "cmd:report" {
		t.Fatalf("collaborator received %+v", got)
	}
	mustHave(t, got[0].Text, "Cán bộ phụ trách nhắc", "Thôn Nà Lùng", "15/05/2025", "còn 8 ngày nữa")

	mustHave(t, c.send(admin, "/remind XX-99"), "không tìm thấy đơn vị có mã XX-99")
	mustHave(t, c.send(admin, "/remind"), "/remind VQ-XL-01")
	mustHave(t, c.send("demo-collaborator-vq-xl-01", "/reminders"), "không dành cho vai trò")
	mustHave(t, c.send("demo-official-ldtbxh", "/remind VQ-XL-01"), "không dành cho vai trò")
	rows, err := st.OutboxMessages(ctx, ruleNudge, "", 10)
	if err != nil || len(rows) != 1 {
		t.Fatalf("nudge rows: %d, %v", len(rows), err)
	}
}
