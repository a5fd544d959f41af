package bot

import (
	"context"
	"regexp"
	"testing"

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
