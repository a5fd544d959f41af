package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"treembot/flows"
	"treembot/storage"
)

// values returns what the database holds for user's unit in 2025-H1.
func (h *harness) values(user string) (map[string]string, *storage.Submission) {
	h.t.Helper()
	ctx := context.Background()
	u, err := h.real.UserByIdentity(ctx, "terminal", user)
	if err != nil {
		h.t.Fatal(err)
	}
	p, err := h.real.PeriodByCode(ctx, "2025-H1")
	if err != nil {
		h.t.Fatal(err)
	}
	unit, err := h.real.Unit(ctx, u.UnitID)
	if err != nil {
		h.t.Fatal(err)
	}
	// The draft in progress if there is one, else the report as sent.
	form := h.formOf(unit)
	sub, err := h.real.FindDraft(ctx, u.UnitID, p.ID, form)
	if errors.Is(err, storage.ErrNotFound) {
		sub, err = h.real.FindSubmission(ctx, u.UnitID, p.ID, form)
	}
	if errors.Is(err, storage.ErrNotFound) {
		return map[string]string{}, nil
	} else if err != nil {
		h.t.Fatal(err)
	}
	vals, err := h.real.Values(ctx, sub.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return vals, sub
}

func TestStrangerSeesOnlyJoinInstructions(t *testing.T) {
	h := newHarness(t)
	for _, text := range []string{"/report", "12", "/status", "/start"} {
		got := h.send("tg-stranger", text)
		if got != h.vi("bot_join_instructions") {
			t.Errorf("%q from a stranger got %q", text, got)
		}
	}
	if h.conv("tg-stranger") != nil {
		t.Error("a stranger must not get a conversation")
	}
}

func TestJoinByInviteThenCodeIsUsedUp(t *testing.T) {
	h := newHarness(t)
	invites, err := h.real.CreateInvites(context.Background(), storage.InviteRequest{
		Role: storage.RoleCollaborator, UnitCode: "VQ-XL-01", Count: 1, TTL: 24 * time.Hour, Now: h.now})
	if err != nil {
		t.Fatal(err)
	}
	code := invites[0].Code
	got := h.send("new-person", "/start "+strings.ToLower(code))
	mustContain(t, got, "Chào mừng anh/chị")
	mustContain(t, got, "/report")
	if _, err := h.real.UserByIdentity(context.Background(), "terminal", "new-person"); err != nil {
		t.Fatalf("joined person has no identity: %v", err)
	}
	if got := h.send("someone-else", "/join "+code); got != h.vi("bot_join_used") {
		t.Errorf("second use of a code: %q", got)
	}
	if got := h.send("someone-else", "/start NOPE-NOPE"); got != h.vi("bot_join_unknown") {
		t.Errorf("unknown code: %q", got)
	}
}

func TestWrongInviteCodesAreSlowedDown(t *testing.T) {
	h := newHarness(t)
	for i := 0; i < joinTriesPerWindow; i++ {
		if got := h.send("guesser", "/start WRONG"); got != h.vi("bot_join_unknown") {
			t.Fatalf("try %d: %q", i+1, got)
		}
	}
	mustContain(t, h.send("guesser", "/start WRONG"), "Anh/chị đã nhập sai mã nhiều lần")
}

// The whole slice: bad answers are re-asked and not saved, good ones are
// saved before the reply, the review confirms, the receipt has a number,
// and the database holds exactly the typed figures.
func TestCollaboratorSubmitsFullReport(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	mustContain(t, h.send(user, "/report"), "Mời anh/chị nhập báo cáo 6 tháng (01/11/2024–30/04/2025) của Phố Đức Hinh")
	for _, bad := range []string{"abc", "-3", "1.5", "😀", strings.Repeat("x", 4000), ""} {
		before := h.conv(user).State.Current
		if got := h.send(user, bad); got == "" {
			t.Errorf("no answer to bad input %q", bad)
		}
		if vals, _ := h.values(user); len(vals) != 0 {
			t.Fatalf("bad input %q was saved: %v", bad, vals)
		}
		if after := h.conv(user).State.Current; after != before {
			t.Fatalf("bad input %q moved the form from %s to %s", bad, before, after)
		}
	}
	h.answerUntilReview(user)
	receipt := h.press(user, "rev:confirm")
	mustContain(t, receipt, "✅ Đã gửi báo cáo. Cảm ơn")
	vals, sub := h.values(user)
	if sub.Status != storage.StatusSubmitted || sub.Reference == "" {
		t.Fatalf("submission after confirm: %+v", sub)
	}
	mustContain(t, receipt, sub.Reference)
	for code, want := range stored {
		if vals[code] != want {
			t.Errorf("%s stored as %q, typed %q", code, vals[code], want)
		}
	}
	if _, ok := vals["disaster_helped"]; ok {
		t.Error("disaster_helped is irrelevant when no child was affected, but was stored")
	}
	if h.conv(user) != nil {
		t.Error("conversation should end with the receipt")
	}
}

// Redis flushed or the bot restarted mid-form: the next answer goes to
// the next unanswered question, rebuilt from the database drafts.
func TestResumesFromDraftsAfterSessionLoss(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	h.send(user, "12")
	h.send(user, "60")
	if err := h.sess.Delete(context.Background(), "conv:terminal:"+user); err != nil {
		t.Fatal(err)
	}
	h.rebuild()
	h.send(user, "95")
	vals, _ := h.values(user)
	want := map[string]string{"children_u1": "12", "children_u5": "60", "children_u8": "95"}
	for k, v := range want {
		if vals[k] != v {
			t.Errorf("%s = %q, want %q (all: %v)", k, vals[k], v, vals)
		}
	}
	if c := h.conv(user); c == nil || c.State.Current != "children_u16" {
		t.Errorf("after resume the form should ask children_u16, state %+v", c)
	}
}

func TestDuplicateUpdateIsHandledOnce(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	upd := h.update(user, "12", KindMessage)
	if first := h.deliver(upd); len(first) == 0 {
		t.Fatal("first delivery got no reply")
	}
	if again := h.deliver(upd); len(again) != 0 {
		t.Fatalf("duplicate delivery answered again: %v", again)
	}
	if c := h.conv(user); c.State.Current != "children_u5" {
		t.Errorf("duplicate moved the form on to %s", c.State.Current)
	}
}

// failingStore refuses to save answers, as when the database is down.
type failingStore struct {
	Store
	fail bool
}

func (f *failingStore) ApplyChanges(ctx context.Context, req storage.ChangeRequest) error {
	if f.fail {
		return errors.New("database unavailable")
	}
	return f.Store.ApplyChanges(ctx, req)
}

// When saving fails the update is reported failed (so the channel does
// not acknowledge it) and its retry is processed, not dropped as a duplicate.
func TestFailedSaveLetsTheSameUpdateBeRetried(t *testing.T) {
	h := newHarness(t)
	fs := &failingStore{Store: h.store}
	h.store = fs
	h.rebuild()
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	upd := h.update(user, "12", KindMessage)
	fs.fail = true
	if _, err := h.router.Handle(context.Background(), upd); err == nil {
		t.Fatal("a failed save must be reported as an error")
	}
	fs.fail = false
	h.deliver(upd)
	if vals, _ := h.values(user); vals["children_u1"] != "12" {
		t.Fatalf("retried answer not stored: %v", vals)
	}
}

func TestRolesAndPoliteRefusals(t *testing.T) {
	h := newHarness(t)
	admin := h.demoUser(storage.RoleAdmin)
	mustContain(t, h.send(admin, "/report"), "không dành cho vai trò của anh/chị")
	mustContain(t, h.send(admin, "/nosuch"), "Dạ, không có lệnh /nosuch.")
	help := h.send(admin, "/help")
	if strings.Contains(help, "/report") {
		t.Errorf("help for an admin lists /report:\n%s", help)
	}
	official := h.demoUser(storage.RoleOfficial)
	if help := h.send(official, "/help"); !strings.Contains(help, "/report") {
		t.Errorf("help for an official does not list /report, which files the office's report:\n%s", help)
	}
	collab := h.demoUser(storage.RoleCollaborator)
	mustContain(t, h.send(collab, "/help"), "/report")
}

func TestEditedAndUnsupportedMessages(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	got := joinTexts(h.deliver(h.update(user, "99", KindEdited)))
	if got != h.vi("bot_edited_ignored") {
		t.Errorf("edited message: %q", got)
	}
	got = joinTexts(h.deliver(h.update(user, "", KindOther)))
	mustContain(t, got, h.vi("bot_unsupported_message"))
	mustContain(t, got, "Xin nhập một số")
	if vals, _ := h.values(user); len(vals) != 0 {
		t.Errorf("nothing should be saved, got %v", vals)
	}
}

func TestStaleButtonIsRefusedNotSaved(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	h.send(user, "12")
	h.press(user, "ans:child_friendly:yes")
	if vals, _ := h.values(user); vals["child_friendly"] != "" || len(vals) != 1 {
		t.Errorf("a button for another question was saved: %v", vals)
	}
	if c := h.conv(user); c.State.Current != "children_u5" {
		t.Errorf("stale button moved the form to %s", c.State.Current)
	}
}

// A sent report can be corrected before the deadline: a new version that
// starts at the review with every answer kept.
func TestCorrectingASentReportOpensVersionTwo(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	h.answerUntilReview(user)
	h.press(user, "rev:confirm")
	mustContain(t, h.send(user, "/report"), "Báo cáo 6 tháng (01/11/2024–30/04/2025) đã được gửi (mã biên nhận")
	h.press(user, "reopen:2025-H1")
	c := h.conv(user)
	if c == nil || c.State.Stage != flows.StageReview {
		t.Fatalf("reopened report should start at the review: %+v", c)
	}
	h.press(user, "rev:confirm")
	_, sub := h.values(user)
	if sub.Version != 2 || sub.Status != storage.StatusSubmitted {
		t.Errorf("after correction: version %d status %s", sub.Version, sub.Status)
	}
	h.now = time.Date(2025, 5, 20, 9, 0, 0, 0, h.now.Location())
	mustContain(t, h.send(user, "/report"), "không còn sửa được")
}

func TestLanguageSwitch(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	if got := h.send(user, "/lang en"); got != h.cat.T("en", "bot_lang_set") {
		t.Errorf("lang switch reply: %q", got)
	}
	mustContain(t, h.send(user, "/report"), "Question 1")
	mustContain(t, h.send(user, "/status"), "Reports of")
}

// A draft holding an answer that its condition now rules out (helped
// children when none were affected) is cleaned when the form resumes.
func TestResumeClearsAnswersThatNoLongerApply(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	_, sub := h.values(user)
	u, _ := h.real.UserByIdentity(context.Background(), "terminal", user)
	err := h.real.ApplyChanges(context.Background(), storage.ChangeRequest{SubmissionID: sub.ID, UserID: u.ID,
		Channel: "terminal", Now: h.now, Changes: []storage.ValueChange{
			{Code: "disaster_affected", Value: "0"}, {Code: "disaster_helped", Value: "3"}}})
	if err != nil {
		t.Fatal(err)
	}
	h.send(user, "/report")
	vals, _ := h.values(user)
	if _, ok := vals["disaster_helped"]; ok {
		t.Errorf("disaster_helped should be cleared when disaster_affected is 0: %v", vals)
	}
}
