package bot

import (
	"context"
	"crypto/rand"
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"treembot/locales"
	"treembot/storage"
)

// hostileReply fails t if a reply could confuse or leak: a missing
// catalogue key, a Go error or stack trace, or the internal-error apology.
func hostileReply(t *testing.T, h *harness, got string) {
	t.Helper()
	for _, bad := range []string{"[bot_", "[flows_", "[ops_", "goroutine ", "panic", ".go:", "sql:", "SQLSTATE", h.vi("bot_internal_error")} {
		if strings.Contains(got, bad) {
			t.Fatalf("reply contains %q:\n%s", bad, got)
		}
	}
}

// Bad input where a count is expected gets a clear Vietnamese answer that
// repeats the question, and nothing is saved; what a careful reader would
// take for a number is taken, as its canonical value.
func TestHostileAnswersToACountQuestion(t *testing.T) {
	ask := "✏️ Xin nhập một số"
	cat := locales.MustLoad()
	cases := []struct {
		name, text string
		kind       UpdateKind
		want       string // "" = accepted
		stored     string
	}{
		{"4,096 characters", strings.Repeat("9", 4096), KindMessage, "tin nhắn dài quá nên chưa đọc được", ""},
		{"emoji", "😀👶", KindMessage, "chưa đọc được “😀👶”", ""},
		{"right-to-left override", "\u202e12", KindMessage, "Xin chỉ gõ chữ số", ""},
		{"zero-width space inside", "1\u200b2", KindMessage, "", "12"},
		{"right-to-left marks around", "\u200f12\u200f", KindMessage, "", "12"},
		{"scientific notation", "1e9", KindMessage, "Xin chỉ gõ chữ số", ""},
		{"minus zero", "-0", KindMessage, "", "0"},
		{"Arabic-Indic digit", "٣", KindMessage, "Xin chỉ gõ chữ số", ""},
		{"English thousands and decimals", "1,000,000.5", KindMessage, "chỉ nhận số đếm", ""},
		{"SQL", "1; DROP TABLE users; --", KindMessage, "chưa đọc được số", ""},
		{"SQL quote", "' OR 1=1 --", KindMessage, "Xin chỉ gõ chữ số", ""},
		{"HTML", "<b>12</b>", KindMessage, "chưa đọc được “<b>12</b>”", ""},
		{"NUL byte", "12\x00", KindMessage, "", "12"},
		{"broken UTF-8", "\xff\xfe", KindMessage, "Xin chỉ gõ chữ số", ""},
		{"sticker, photo or voice", "", KindOther, cat.T("vi", "bot_unsupported_message"), ""},
		{"edited message", "12", KindEdited, cat.T("vi", "bot_edited_ignored"), ""},
		{"garbage button", strings.Repeat("\xff", 70), KindCallback, cat.T("vi", "flows_stale"), ""},
	}
	// One conversation for the whole table (a database per case would be
	// slow on PostgreSQL): an accepted answer is taken back with "quay lại".
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := h.values(user)
			got := joinTexts(h.deliver(h.update(user, c.text, c.kind)))
			hostileReply(t, h, got)
			vals, _ := h.values(user)
			if c.want == "" {
				mustContain(t, got, "Câu 2 —")
				if vals["children_u1"] != c.stored || len(vals) != 1 {
					t.Fatalf("stored %v, want children_u1=%q", vals, c.stored)
				}
				h.send(user, "quay lại")
				return
			}
			mustContain(t, got, c.want)
			if c.kind != KindEdited {
				mustContain(t, got, ask)
			}
			if !maps.Equal(vals, before) {
				t.Fatalf("bad input changed the answers from %v to %v", before, vals)
			}
			if cur := h.conv(user).State.Current; cur != "children_u1" {
				t.Fatalf("bad input moved the form to %s", cur)
			}
		})
	}
}

// Free-text remarks keep what was typed, HTML and SQL included, verbatim
// as plain text (the Telegram sender escapes it); too long is refused
// with a clear message; the database is unharmed.
func TestHostileRemarksAreStoredVerbatim(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	remark := "<script>alert(1)</script> '); DROP TABLE data_values; -- 👶 \u202eabc"
	for i := 0; i < 100; i++ {
		c := h.conv(user)
		if c.State.Current == "difficulties" {
			break
		}
		h.send(user, goodAnswers[c.State.Current])
	}
	got := h.send(user, strings.Repeat("x", 1500))
	hostileReply(t, h, got)
	mustContain(t, got, "nhiều nhất khoảng 200 chữ")
	// PostgreSQL refuses NUL in text: it must never reach the database.
	got = joinTexts(h.deliver(h.update(user, "abc\x00def", KindMessage)))
	hostileReply(t, h, got)
	if vals, _ := h.values(user); strings.ContainsRune(vals["difficulties"], 0) {
		t.Fatalf("NUL stored: %q", vals["difficulties"])
	}
	h.send(user, "quay lại")
	got = h.send(user, remark)
	hostileReply(t, h, got)
	vals, _ := h.values(user)
	if vals["difficulties"] != remark {
		t.Fatalf("remark stored as %q, want it verbatim", vals["difficulties"])
	}
	if vals["children_u1"] != "12" {
		t.Fatalf("earlier answers harmed: %v", vals)
	}
}

// A stranger's /start with 64+ random bytes, HTML or SQL as the code gets
// the plain "code not valid" answer, joins nothing, and is not a crash.
func TestHostileInvitePayloads(t *testing.T) {
	h := newHarness(t)
	random := make([]byte, 96)
	if _, err := rand.Read(random); err != nil {
		t.Fatal(err)
	}
	payloads := []string{string(random), "\x00ABCD", "\xff\xfe\xfd", "<b>ABCD</b>", "' OR 1=1 --", strings.Repeat("A", 5000)}
	for i, payload := range payloads {
		stranger := "hostile-" + string(rune('a'+i))
		got := h.send(stranger, "/start "+payload)
		hostileReply(t, h, got)
		if got != h.vi("bot_join_unknown") {
			t.Errorf("payload %d: %q", i, got)
		}
		if _, err := h.real.UserByIdentity(context.Background(), "terminal", stranger); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("payload %d joined someone: %v", i, err)
		}
	}
}

// A name full of markup is used as plain text: shown back verbatim (the
// channel escapes it), stored as given.
func TestHostileNameIsPlainText(t *testing.T) {
	h := newHarness(t)
	inv, err := h.real.CreateInvites(context.Background(), storage.InviteRequest{
		Role: storage.RoleCollaborator, UnitCode: "VQ-XL-01", TTL: time.Hour, Now: h.now})
	if err != nil {
		t.Fatal(err)
	}
	upd := h.update("markup-person", "/start "+inv[0].Code, KindMessage)
	upd.UserName = `<a href="https://evil.example">Lan</a> & <b>Co</b>`
	got := joinTexts(h.deliver(upd))
	hostileReply(t, h, got)
	// The given name is offered as typed, markup and all, as plain text.
	mustContain(t, got, "“anh "+locales.GivenName(upd.UserName)+"”")
	u, err := h.real.UserByIdentity(context.Background(), "terminal", "markup-person")
	if err != nil || u.Name != upd.UserName {
		t.Fatalf("stored name %+v, %v", u, err)
	}
}

// NUL and broken UTF-8 after any command (PostgreSQL refuses both in
// text) get an answer, never an error that would block the chat.
func TestHostileBytesAfterEveryCommand(t *testing.T) {
	h := newReportHarness(t)
	for _, cmd := range h.router.commands {
		for _, tail := range []string{"\x00", "\xff\xfe", "VQ\x00XL 2025-H1\x00"} {
			for _, user := range []string{demoCollaborator, demoOfficer, demoAdmin, "hostile-stranger"} {
				got := h.send(user, "/"+cmd.name+" "+tail) // deliver fails the test on an error
				hostileReply(t, h, got)
			}
		}
	}
}
