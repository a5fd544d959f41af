package bot

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"treembot/bot/chatmsg"
	"treembot/storage"
)

// A channel that asks for its replies to be saved (a webhook answering
// before it sends) gets an answer's replies saved in the transaction of
// the answer itself, exactly as Handle returns them; an input that stores
// nothing leaves the saving to the channel.
func TestAnswerRepliesAreSavedWithTheAnswer(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	handle := func(text string) ([]Message, *chatmsg.Outbox) {
		t.Helper()
		out := chatmsg.NewOutbox(func(m []Message) ([]byte, error) { return json.Marshal(m) })
		msgs, err := h.router.Handle(chatmsg.WithOutbox(ctx, out), h.update(user, text, KindMessage))
		if err != nil {
			t.Fatalf("handle %q: %v", text, err)
		}
		return msgs, out
	}

	msgs, out := handle("12")
	mustContain(t, joinTexts(msgs), "Câu 2 —")
	id, ok := out.Saved(msgs)
	if !ok {
		t.Fatal("the answer's replies were not saved with it")
	}
	rows, err := h.real.TakePendingReplies(ctx, "terminal", -time.Second, 10)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(msgs)
	if len(rows) != 1 || rows[0].ID != id || rows[0].ChatID != user || string(rows[0].Payload) != string(want) {
		t.Fatalf("saved %+v, want the one reply %s", rows, want)
	}

	msgs, out = handle("không biết")
	if _, ok := out.Saved(msgs); ok || len(msgs) == 0 {
		t.Errorf("an input that stores nothing had its %d replies saved by the router", len(msgs))
	}
}
