package zalo_test

import (
	"context"
	"testing"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/zalo"
	"treembot/bot/zalo/zalotest"
	"treembot/internal/testkit"
)

// A collaborator blocks the bot, so a reminder is refused and they are
// marked unreachable; they unblock it and write again, at once: they are
// reachable again and the next reminder reaches them.
func TestBlockedAndUnblockedPersonKeepsReceivingReminders(t *testing.T) {
	t.Parallel()
	w := newBotWorld(t)
	w.run()
	ctx := context.Background()
	const user = "e4ea2cd5189df1c3a88c"
	w.botSrv.Push(zalotest.BotText(user, "Lan", "m-1", "/start "+w.invite()))
	testkit.Eventually(t, patience, "the welcome", func() bool { return len(w.botSrv.Received(user)) >= 2 })
	u, err := w.store.UserByIdentity(ctx, zalo.ChannelBot, user)
	if err != nil {
		t.Fatal(err)
	}
	sender := w.adapter.Senders()[zalo.ChannelBot]

	w.botSrv.FailNext("sendMessage", zalotest.Failure{Code: 403, Description: "Forbidden: user blocked the bot"})
	if err := sender.Send(ctx, reminder(user)); !chatmsg.IsRecipientGone(err) {
		t.Fatalf("reminder to a person who blocked the bot: %v, want gone", err)
	}
	if _, err := w.store.PreferredIdentity(ctx, u.ID); err == nil {
		t.Fatal("reminders would still go to the blocked account")
	}

	before := len(w.botSrv.Received(user))
	w.botSrv.Push(zalotest.BotText(user, "Lan", "m-2", "xin chào"))
	testkit.Eventually(t, patience, "the answer after unblocking", func() bool { return len(w.botSrv.Received(user)) > before })
	id, err := w.store.PreferredIdentity(ctx, u.ID)
	if err != nil || id.ExternalID != user {
		t.Fatalf("after writing again reminders go to %+v (%v), want the Zalo account", id, err)
	}
	if err := sender.Send(ctx, reminder(user)); err != nil {
		t.Errorf("the next reminder: %v", err)
	}
}

// On the Official Account blocking is unfollowing (-213): the person stays
// reachable in the records, and once they follow again the next reminder
// reaches them.
func TestUnfollowedAndFollowedAgainOAPersonKeepsReceivingReminders(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	ctx := context.Background()
	const user = "6142494823190863113"
	body := zalotest.OAText(user, "msg-1", "/start "+w.invite(), w.clock())
	zalotest.PostOAInTime(t, w.hooks[zalo.DefaultOAWebhookPath], body, zalotest.Sign(body))
	settle(t, w.adapter)
	// The replies to /start go out after the event is handled: wait for
	// them, so the failure below meets the reminder and not a reply.
	testkit.Eventually(t, patience, "the welcome and the help", func() bool { return len(w.oaSrv.Received(user)) >= 2 })
	u, err := w.store.UserByIdentity(ctx, zalo.ChannelOA, user)
	if err != nil {
		t.Fatal(err)
	}
	sender := w.adapter.Senders()[zalo.ChannelOA]
	w.oaSrv.FailNext("/v3.0/oa/message/cs", zalotest.OAFailure{Error: -213, Message: "User has not followed OA"})
	if err := sender.Send(ctx, reminder(user)); err == nil || chatmsg.IsRecipientGone(err) {
		t.Fatalf("reminder after unfollowing: %v, want not reachable, not gone", err)
	}
	w.advance(72 * time.Hour) // long after the message's reply window
	follow := zalotest.OAFollow(user, w.clock())
	zalotest.PostOAInTime(t, w.hooks[zalo.DefaultOAWebhookPath], follow, zalotest.Sign(follow))
	if id, err := w.store.PreferredIdentity(ctx, u.ID); err != nil || id.ExternalID != user {
		t.Fatalf("reminders go to %+v (%v), want the OA account", id, err)
	}
	if err := sender.Send(ctx, reminder(user)); err != nil {
		t.Errorf("the reminder after following again: %v", err)
	}
}
