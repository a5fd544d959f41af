package bot

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"treembot/flows"
	"treembot/storage"
	"treembot/storage/storagetest"
)

var inviteCode = regexp.MustCompile(`/start ([0-9A-Z-]{16})`)

func TestInviteFromChatLetsAPersonJoin(t *testing.T) {
	h := newReportHarness(t)
	got := h.send(demoAdmin, "/invite collaborator vq-xl-02")
	mustContain(t, got, "Đã tạo mã mời cộng tác viên cho Thôn Bản Khuông")
	mustContain(t, got, "hết hạn ngày 16/05/2025")
	m := inviteCode.FindStringSubmatch(got)
	if m == nil {
		t.Fatalf("no code in:\n%s", got)
	}
	mustContain(t, got, "https://t.me/treembot?start="+strings.ReplaceAll(m[1], "-", ""))
	mustContain(t, h.send("new-collaborator", "/start "+m[1]), "Chào mừng anh/chị")
	u, err := h.real.UserByIdentity(context.Background(), "terminal", "new-collaborator")
	if err != nil || u.Role != storage.RoleCollaborator {
		t.Fatalf("joined user = %+v, %v", u, err)
	}

	mustContain(t, h.send(demoAdmin, "/invite official VQ YTE"), "Đã tạo mã mời cán bộ chuyên môn cho Huyện Văn Quan")
	mustContain(t, h.send(demoAdmin, "/invite official VQ NOPE"), "Các mã: GDDT, LDTBXH, TUPHAP, VHTT, YTE")
	for _, bad := range []string{"/invite", "/invite wizard VQ", "/invite official VQ", "/invite collaborator VQ-XL-01 YTE"} {
		if got := h.send(demoAdmin, bad); got != h.vi("reports_invite_usage") {
			t.Errorf("%q: %q", bad, got)
		}
	}
	mustContain(t, h.send(demoAdmin, "/invite officer NOPE"), "không tìm thấy đơn vị có mã “NOPE”")
}

func TestPeriodCloseAndOpenFromChat(t *testing.T) {
	h := newReportHarness(t)
	mustContain(t, h.send(demoAdmin, "/period close 2025-H1"), "Đã đóng kỳ 2025-H1 lúc 09:00 ngày 02/05/2025")
	if got := h.send(demoCollaborator, "/report"); got != h.vi("bot_no_open_period") {
		t.Errorf("after closing, /report = %q", got)
	}
	if got := h.send(demoAdmin, "/period close 2025-H1"); got != h.vi("reports_period_not_open", map[string]any{"Code": "2025-H1"}) {
		t.Errorf("closing twice: %q", got)
	}
	h.now = h.now.Add(time.Hour)
	mustContain(t, h.send(demoAdmin, "/period open 2025-h1"), "Đã mở kỳ 2025-H1: nhận báo cáo từ 00:00 ngày 01/05/2025 đến 10:00 ngày 01/06/2025")
	mustContain(t, h.send(demoCollaborator, "/report"), "Câu 1 —")
	mustContain(t, h.send(demoAdmin, "/period open 2025-H1"), "đang mở, nhận báo cáo đến 10:00 ngày 01/06/2025")
	// A future period opens now, and keeps its own closing day.
	mustContain(t, h.send(demoAdmin, "/period open 2025-Y"), "nhận báo cáo từ 10:00 ngày 02/05/2025 đến hết ngày 15/12/2025")
	for _, bad := range []string{"/period", "/period open", "/period shut 2025-H1"} {
		if got := h.send(demoAdmin, bad); got != h.vi("reports_period_usage") {
			t.Errorf("%q: %q", bad, got)
		}
	}
	mustContain(t, h.send(demoAdmin, "/period open 2099-H1"), "không có kỳ báo cáo “2099-H1”. Mã kỳ gồm năm và loại kỳ: H1 là báo cáo 6 tháng")
}

// The admin sends a report back; the collaborator is told in their chat,
// /report reopens the same report at its review, and confirming sends it
// again.
func TestReturnTellsTheReporterWhoCorrectsAndResubmits(t *testing.T) {
	h := newReportHarness(t)
	ctx := context.Background()
	user := demoCollaborator
	h.send(user, "/report")
	h.answerUntilReview(user)
	mustContain(t, h.press(user, "rev:confirm"), "✅ Đã gửi báo cáo. Cảm ơn")
	_, sub := h.values(user)

	if got := h.send(demoAdmin, "/return VQ-XL-01 2025-H1"); got != h.vi("reports_return_usage") {
		t.Errorf("a return without reason: %q", got)
	}
	msgs := h.messages(demoAdmin, "/return VQ-XL-01 2025-H1 Số trẻ đẻ sống chưa khớp sổ hộ tịch")
	if len(msgs) != 2 {
		t.Fatalf("return replies = %+v, want the admin's confirmation and the collaborator's notice", msgs)
	}
	mustContain(t, msgs[0].Text, "Đã trả lại báo cáo kỳ 2025-H1 của Thôn Nà Lùng để sửa. Đã nhắn cho: ")
	if msgs[0].ChatID != demoAdmin || msgs[1].ChatID != user {
		t.Errorf("messages addressed to %q and %q", msgs[0].ChatID, msgs[1].ChatID)
	}
	mustContain(t, msgs[1].Text, "Lý do: Số trẻ đẻ sống chưa khớp sổ hộ tịch")
	mustContain(t, msgs[1].Text, sub.Reference)
	// The collaborator reads the period by its name, and where to go.
	mustContain(t, msgs[1].Text, "🔁 Báo cáo 6 tháng (01/11/2024–30/04/2025) của Thôn Nà Lùng (mã biên nhận ")
	mustContain(t, msgs[1].Text, "gõ /baocao")
	if strings.Contains(msgs[1].Text, "2025-H1") {
		t.Errorf("the collaborator's notice shows the period code: %q", msgs[1].Text)
	}
	_, returned := h.values(user)
	if returned.Status != storage.StatusReturned {
		t.Fatalf("status after return = %s", returned.Status)
	}
	trail, err := h.real.AuditTrail(ctx, storage.EntitySubmission, sub.ID)
	if err != nil || trail[len(trail)-1].Field != "return_note" || trail[len(trail)-2].Action != storage.AuditReturned {
		t.Errorf("return not audited: %+v, %v", trail, err)
	}
	if got := h.send(demoAdmin, "/return VQ-XL-01 2025-H1 again"); !strings.Contains(got, "chưa được gửi (hoặc đã được trả lại)") {
		t.Errorf("returning twice: %q", got)
	}

	reopened := h.send(user, "/report")
	mustContain(t, reopened, "Lý do: Số trẻ đẻ sống chưa khớp sổ hộ tịch")
	mustContain(t, reopened, "Anh/chị đã trả lời đủ ")
	c := h.conv(user)
	if c == nil || c.State.Stage != flows.StageReview || c.SubmissionID == sub.ID {
		t.Fatalf("the returned report should reopen at its review as a new version, conversation = %+v", c)
	}
	if c.State.Answers["children_u5"] != "60" {
		t.Errorf("the new version should hold the returned figures, answers = %v", c.State.Answers)
	}
	mustContain(t, h.press(user, "rev:confirm"), "✅ Đã gửi báo cáo. Cảm ơn")
	if _, again := h.values(user); again.Status != storage.StatusSubmitted {
		t.Errorf("status after resubmitting = %s", again.Status)
	}
	mustContain(t, h.send(demoAdmin, "/return VQ-XL-02 2025-H1 x"), "Thôn Bản Khuông chưa có báo cáo kỳ 2025-H1")
}

func TestReturnAfterThePeriodClosedSaysToReopenIt(t *testing.T) {
	h := newReportHarness(t)
	h.submitted("VQ-XL", map[string]string{"live_births": "10"})
	h.now = time.Date(2025, 7, 1, 9, 0, 0, 0, storagetest.Zone())
	got := h.send(demoAdmin, "/return VQ-XL 2025-H1 Thiếu số liệu")
	mustContain(t, got, "kỳ 2025-H1 đã đóng")
	mustContain(t, got, "/period open 2025-H1")
}

func TestInviteRefusesARoleOnTheWrongKindOfUnit(t *testing.T) {
	h := newReportHarness(t)
	got := h.send(demoAdmin, "/invite collaborator VQ-XL")
	mustContain(t, got, "Không tạo được mã mời: cộng tác viên phải thuộc một thôn")
	mustContain(t, h.send(demoAdmin, "/invite officer VQ-XL-01"), "cán bộ xã phải thuộc một xã")
	mustContain(t, h.send(demoAdmin, "/invite collaborator VQ-XL-01"), "Đã tạo mã mời cộng tác viên cho Thôn Nà Lùng")
}

// Periods are shared by the whole tree: an admin of another district (the
// review's example: Lạng Sơn imported above Cao Lộc, the admin moved
// there) may not close Văn Quan's period, and nobody opens a period whose
// coverage has not begun.
func TestPeriodChangesStayInScope(t *testing.T) {
	h := newReportHarness(t)
	ctx := context.Background()
	mustContain(t, h.send(demoAdmin, "/period open 2030-Y"), "Kỳ 2030-Y bắt đầu từ 01/11/2029; chưa đến lúc nhận báo cáo")
	if _, err := h.real.ImportUnits(ctx, strings.NewReader("code,name,level,parent_code\nLS,Tỉnh Lạng Sơn,province,\nLS-CL,Huyện Cao Lộc,district,LS\n")); err != nil {
		t.Fatal(err)
	}
	admin, err := h.real.UserByIdentity(ctx, "terminal", demoAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.real.MoveUser(ctx, admin.ID, "LS-CL", h.now); err != nil {
		t.Fatal(err)
	}
	got := h.send(demoAdmin, "/period close 2025-H1")
	mustContain(t, got, "kỳ báo cáo dùng chung cho toàn bộ Tỉnh Lạng Sơn, Huyện Văn Quan")
	p, err := h.real.PeriodByCode(ctx, "2025-H1")
	if err != nil || !h.now.Before(p.ClosesAt) {
		t.Errorf("the refused close changed the period: %+v, %v", p, err)
	}
}
