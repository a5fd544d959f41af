package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"treembot/storage"
)

// A new collaborator is asked at joining how to be addressed; after
// choosing, greetings and receipts call them "chị Lan", and /xungho
// changes it. Skipping keeps the neutral "anh/chị" without the name.
func TestJoiningAsksTheTitleAndGreetingsUseIt(t *testing.T) {
	h := newHarness(t)
	inv, err := h.real.CreateInvites(context.Background(), storage.InviteRequest{
		Role: storage.RoleCollaborator, UnitCode: "VQ-XL-01", TTL: time.Hour, Now: h.now})
	if err != nil {
		t.Fatal(err)
	}
	upd := h.update("lan", "/start "+inv[0].Code, KindMessage)
	upd.UserName = "Lăng Thị Lan"
	msgs := h.deliver(upd)
	if len(msgs) != 2 || len(msgs[0].Buttons) != 1 || len(msgs[0].Buttons[0]) != 3 {
		t.Fatalf("joining: %+v, want the welcome with three title buttons, then the help", msgs)
	}
	mustContain(t, msgs[0].Text, "Chào mừng anh/chị!")
	if row := msgs[0].Buttons[0]; row[0].Label != "Anh Lan" || row[1].Label != "Chị Lan" || row[2].Label != "Bỏ qua" {
		t.Errorf("title buttons = %+v", row)
	}
	mustContain(t, h.press("lan", msgs[0].Buttons[0][1].Data), "Dạ, cảm ơn chị Lan!")
	mustContain(t, h.send("lan", "/start"), "Xin chào chị Lan (cộng tác viên, ")
	mustContain(t, h.send("lan", "/xungho anh"), "Dạ, cảm ơn anh Lan!")
	mustContain(t, h.send("lan", "/title"), "“anh Lan” hay “chị Lan”")
	mustContain(t, h.send("lan", "/xungho bỏ qua"), "gọi chung là anh/chị")
	if got := h.send("lan", "/start"); !strings.Contains(got, "Xin chào anh/chị (cộng tác viên") || strings.Contains(got, "Lăng") {
		t.Errorf("greeting without a title = %q, want the neutral anh/chị and no name", got)
	}
	u, err := h.real.UserByIdentity(context.Background(), "terminal", "lan")
	if err != nil || u.Title != "" {
		t.Errorf("stored title after skipping = %+v, %v", u, err)
	}
}

// /help and the menu name every command's Vietnamese name, and
// Vietnamese messages point to /baocao, never to /report alone.
func TestHelpAndMenuShowTheVietnameseCommands(t *testing.T) {
	h := newHarness(t)
	help := h.send(h.demoUser(storage.RoleCollaborator), "/trogiup")
	for _, want := range []string{"/baocao (hoặc /report) — ", "/tinhtrang (hoặc /status)", "/tamdung (hoặc /cancel)", "/xungho (hoặc /title)"} {
		mustContain(t, help, want)
	}
	for _, m := range h.router.Menu() {
		if m.Name == "report" && !strings.Contains(m.Description["vi"], "/baocao") {
			t.Errorf("menu entry for /report = %q, want it to name /baocao", m.Description["vi"])
		}
	}
	mustContain(t, h.send(h.demoUser(storage.RoleCollaborator), "/tamdung"), "gõ /baocao để làm tiếp")
}

// A collaborator's /status names periods as "báo cáo 6 tháng (…)", never
// by code; once the report is sent the button offers to correct it. An
// admin, who reports nothing, is pointed to /chuanop and /tonghop.
func TestStatusNamesPeriodsAndPointsNonReporters(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	status := h.send(user, "/tinhtrang")
	mustContain(t, status, "• Báo cáo 6 tháng (01/11/2024–30/04/2025): chưa nhập, hạn ")
	if strings.Contains(status, "2025-H1") {
		t.Errorf("status shows a period code:\n%s", status)
	}
	h.send(user, "/baocao")
	h.answerUntilReview(user)
	h.press(user, "rev:confirm")
	msgs := h.deliver(h.update(user, "/status", KindMessage))
	mustContain(t, msgs[0].Text, ": đã gửi, mã biên nhận ")
	mustContain(t, msgs[0].Text, ", gửi lúc ")
	if len(msgs[0].Buttons) != 1 || msgs[0].Buttons[0][0].Label != h.vi("bot_button_edit_report") {
		t.Errorf("status after sending: buttons %+v, want “Sửa báo cáo”", msgs[0].Buttons)
	}
	mustContain(t, h.send(h.demoUser(storage.RoleAdmin), "/status"), h.vi("bot_status_not_reporter"))
}
