package bot

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"treembot/storage"
)

var linkCodePattern = regexp.MustCompile(`/link ([0-9A-Z]{4}-[0-9A-Z]{4})\b`)

// linkCode asks the router for a link code as user and returns it.
func (h *harness) linkCode(user string) string {
	h.t.Helper()
	reply := h.send(user, "/link")
	m := linkCodePattern.FindStringSubmatch(reply)
	if m == nil {
		h.t.Fatalf("no link code in %q", reply)
	}
	return m[1]
}

func TestLinkGivesAOneTimeCodeForTheOtherApp(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	code := h.linkCode(user)
	owner, err := h.real.UserByIdentity(context.Background(), "terminal", user)
	if err != nil {
		t.Fatal(err)
	}
	linked, err := h.real.RedeemLinkCode(context.Background(), code, "zalo", "zl-42", "zl-42", h.now)
	if err != nil || linked.ID != owner.ID {
		t.Fatalf("the code does not link to its maker: %+v %v", linked, err)
	}
	// A second /link makes a new code; the used one stays used.
	if again := h.linkCode(user); again == code {
		t.Error("a new /link repeated the used code")
	}
	mustContain(t, h.send(user, "/help"), "/link")
}

func TestLinkCodeTypedOnAJoinedAccountExplains(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	if got := h.send(user, "/link ABCD-EFGH"); got != h.vi("zalo_link_here_already") {
		t.Errorf("got %q", got)
	}
}

func TestLinkRequestsAreRecognised(t *testing.T) {
	cases := []struct {
		name, code string
		want       bool
	}{
		{"link", "ABCD-EFGH", true},
		{"link", "", false},
		{"start", "abcd efgh", true},
		{"start", "ABCD-EFGH-JKMN-P", false}, // an invite code
		{"join", "ABCDEFGH", true},
		{"report", "ABCDEFGH", false},
	}
	for _, c := range cases {
		if got := isLinkRequest(c.name, c.code); got != c.want {
			t.Errorf("/%s %s: %v, want %v", c.name, c.code, got, c.want)
		}
	}
}

// on sends text from an account on another channel.
func (h *harness) on(channel, user, text string) string {
	h.t.Helper()
	return joinTexts(h.deliverOn(channel, user, text))
}

func TestLinkCodeTypedOnTheOtherAppBindsItToTheSamePerson(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	owner, _ := h.real.UserByIdentity(context.Background(), "terminal", user)
	code := h.linkCode(user)
	got := h.on("zalo", "zl-1", "/link "+strings.ToLower(code))
	mustContain(t, got, h.vi("zalo_link_done", map[string]any{"Name": owner.Name, "Channel": "Zalo"}))
	mustContain(t, got, "/report")
	linked, err := h.real.UserByIdentity(context.Background(), "zalo", "zl-1")
	if err != nil || linked.ID != owner.ID {
		t.Fatalf("zalo account bound to %+v (%v), want user %d", linked, err, owner.ID)
	}
	// The linked account reports for the same unit: /status answers.
	if got := h.on("zalo", "zl-1", "/status"); strings.Contains(got, h.vi("bot_join_instructions")) {
		t.Errorf("the linked account is still a stranger: %q", got)
	}
	if got := h.on("zalo_oa", "oa-1", "/lienket "+code); got != h.vi("zalo_link_used") {
		t.Errorf("a used code, typed with the Vietnamese command: %q", got)
	}
	// A Telegram deep link sends /start with the code.
	again := h.linkCode(user)
	mustContain(t, h.on("telegram", "tg-1", "/start "+strings.ReplaceAll(again, "-", "")), "Telegram")
}

func TestWrongLinkCodesAreExplainedAndThrottled(t *testing.T) {
	h := newHarness(t)
	if got := h.on("zalo", "zl-guess", "/link ZZZZ-ZZZZ"); got != h.vi("zalo_link_unknown") {
		t.Errorf("unknown code: %q", got)
	}
	for i := 1; i < joinTriesPerWindow; i++ {
		h.on("zalo", "zl-guess", "/link ZZZZ-ZZZ"+strconv.Itoa(i))
	}
	mustContain(t, h.on("zalo", "zl-guess", "/link ZZZZ-ZZZZ"), "sai mã nhiều lần")
}

func TestRemindersFollowTheAppUsedLast(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	owner, _ := h.real.UserByIdentity(context.Background(), "terminal", user)
	h.on("zalo", "zl-1", "/link "+h.linkCode(user))
	h.now = h.now.Add(time.Hour)
	h.send(user, "/status")
	if id, err := h.real.PreferredIdentity(context.Background(), owner.ID); err != nil || id.Channel != "terminal" {
		t.Fatalf("after a terminal message: %+v %v", id, err)
	}
	h.now = h.now.Add(time.Hour)
	h.on("zalo", "zl-1", "/help")
	if id, _ := h.real.PreferredIdentity(context.Background(), owner.ID); id.Channel != "zalo" {
		t.Errorf("after a Zalo message reminders go to %s", id.Channel)
	}
}

func TestLastUseIsWrittenAtMostOncePerMinute(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	owner, _ := h.real.UserByIdentity(context.Background(), "terminal", user)
	seen := func() time.Time {
		id, err := h.real.PreferredIdentity(context.Background(), owner.ID)
		if err != nil || id.LastSeenAt == nil {
			t.Fatalf("identity %+v (%v)", id, err)
		}
		return *id.LastSeenAt
	}
	start := h.now
	h.send(user, "/help")
	h.now = start.Add(30 * time.Second)
	h.send(user, "/help")
	if got := seen(); !got.Equal(start) {
		t.Errorf("last use %v, want the first message's %v within the minute", got, start)
	}
	h.now = start.Add(61 * time.Second)
	h.send(user, "/help")
	if got := seen(); !got.Equal(h.now) {
		t.Errorf("last use %v, want %v a minute later", got, h.now)
	}
}
