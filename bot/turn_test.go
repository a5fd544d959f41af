package bot

import (
	"context"
	"testing"
	"time"

	"treembot/storage"
)

// panickyStore panics on the user lookup while armed.
type panickyStore struct {
	Store
	armed bool
}

func (p *panickyStore) UserByIdentity(ctx context.Context, channel, id string) (*storage.User, error) {
	if p.armed {
		panic("a bug")
	}
	return p.Store.UserByIdentity(ctx, channel, id)
}

// An update that panics gets an apology, and the chat's next message is
// answered at once: the panic let go of the chat's lock.
func TestAPanicLetsGoOfTheChat(t *testing.T) {
	h := newHarness(t)
	ps := &panickyStore{Store: h.store}
	h.store = ps
	h.rebuild()
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	ps.armed = true
	if got := h.send(user, "12"); got != h.vi("bot_internal_error") {
		t.Fatalf("reply to a panic %q, want the apology", got)
	}
	ps.armed = false
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	msgs, err := h.router.Handle(ctx, h.update(user, "12", KindMessage))
	if err != nil {
		t.Fatalf("the next message waited for the chat: %v", err)
	}
	mustContain(t, joinTexts(msgs), "Câu 2 —")
}
