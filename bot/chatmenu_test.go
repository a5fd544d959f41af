package bot

import (
	"context"
	"testing"
	"time"

	"treembot/internal/testkit"
	"treembot/storage"
)

// menuCalls records SetChatMenu calls as "chat role lang".
type menuCalls chan string

func (c menuCalls) SetChatMenu(_ context.Context, chatID, role, lang string) error {
	c <- chatID + " " + role + " " + lang
	return nil
}

func (c menuCalls) next(t *testing.T) string {
	t.Helper()
	select {
	case got := <-c:
		return got
	case <-time.After(10 * time.Second):
		t.Fatal("the chat menu was not set")
		return ""
	}
}

// The menu follows the person: set when they are first seen, again when
// they change language, and not on every turn nor after a restart.
func TestChatMenuFollowsRoleAndLanguage(t *testing.T) {
	h := newHarness(t)
	calls := make(menuCalls, 10)
	withMenus := func() { h.router.Menus = map[string]MenuSetter{"terminal": calls} }
	withMenus()
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/help")
	if got, want := calls.next(t), user+" collaborator vi"; got != want {
		t.Errorf("first turn set the menu %q, want %q", got, want)
	}
	h.send(user, "/help")
	h.send(user, "/lang en")
	if got, want := calls.next(t), user+" collaborator en"; got != want {
		t.Errorf("after /lang en the menu is %q, want %q (a second /help must not set it)", got, want)
	}
	// A restart: the setting is remembered in the session store once set.
	testkit.Eventually(t, 10*time.Second, "the menu setting in the session store", func() bool {
		got, _ := h.sess.Get(context.Background(), "menu:terminal:"+user)
		return string(got) == "collaborator/en"
	})
	h.rebuild()
	withMenus()
	h.send(user, "/help")
	h.send(user, "/lang vi")
	if got, want := calls.next(t), user+" collaborator vi"; got != want {
		t.Errorf("after a restart and /lang vi the menu is %q, want %q", got, want)
	}
	if len(calls) != 0 {
		t.Errorf("the menu was set again for nothing: %q", <-calls)
	}
}
