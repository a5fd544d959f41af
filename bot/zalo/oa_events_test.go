package zalo_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"treembot/bot/zalo"
	"treembot/bot/zalo/zalotest"
	"treembot/internal/testkit"
)

// Zalo counts following the OA as an interaction: the reply window opens.
func TestFollowOpensTheReplyWindow(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	const user = "6142494823190863113"
	body := zalotest.OAFollow(user, w.clock())
	if got := zalotest.PostOAInTime(t, w.hooks[zalo.DefaultOAWebhookPath], body, zalotest.Sign(body)); got.Code != http.StatusOK {
		t.Fatalf("follow: %d", got.Code)
	}
	if in, _, err := w.adapter.InReplyWindow(context.Background(), user); !in || err != nil {
		t.Errorf("after a follow: inside the window = %v (%v), want true", in, err)
	}
	if err := w.sendOA(user, "Chào mừng anh/chị"); err != nil {
		t.Errorf("a message after the follow: %v", err)
	}
}

// The docs show ids as strings; should Zalo send numbers, the event is
// still read, not refused with a 400 and lost after Zalo's retries.
func TestEventWithNumericIDsIsAnswered(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	const user = "6142494823190863113"
	body := []byte(fmt.Sprintf(`{"app_id":%s,"user_id_by_app":979122185046046317,"event_name":"user_send_text",`+
		`"timestamp":%d,"sender":{"id":%s},"recipient":{"id":579745863508352884},`+
		`"message":{"text":"xin chào","msg_id":"m-numeric"}}`, zalotest.AppID, w.clock().UnixMilli(), user))
	if got := zalotest.PostOAInTime(t, w.hooks[zalo.DefaultOAWebhookPath], body, zalotest.Sign(body)); got.Code != http.StatusOK {
		t.Fatalf("numeric ids: %d, want 200", got.Code)
	}
	testkit.Eventually(t, patience, "the answer", func() bool { return len(w.oaSrv.Received(user)) > 0 })
}

// A message in an OA group chat is not a private message from its sender:
// it gets no private answer and opens no private reply window.
func TestGroupChatEventsAreNotPrivateMessages(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	rec := &recorder{next: w.router}
	hook := w.newAdapterWith(rec).Handlers()[zalo.DefaultOAWebhookPath]
	const user = "6142494823190863113"
	group := zalotest.OAEvent("user_send_group_text", user, "m-group", "xin chào", w.clock())
	if got := zalotest.PostOAInTime(t, hook, group, zalotest.Sign(group)); got.Code != http.StatusOK {
		t.Fatalf("group event: %d, want 200", got.Code)
	}
	if in, _, _ := w.adapter.InReplyWindow(context.Background(), user); in {
		t.Error("a group message opened the private reply window")
	}
	// The private message comes after the group one in the same chat: the
	// router would have seen the group message first.
	private := zalotest.OAText(user, "m-private", "xin chào", w.clock())
	if got := zalotest.PostOAInTime(t, hook, private, zalotest.Sign(private)); got.Code != http.StatusOK {
		t.Fatalf("private event: %d", got.Code)
	}
	testkit.Eventually(t, patience, "the private message handled", func() bool { return len(rec.seen()) > 0 })
	if got := rec.seen(); len(got) != 1 || got[0] != "user_send_text:m-private" {
		t.Errorf("the router saw %v, want only the private message", got)
	}
}
