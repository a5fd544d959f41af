package zalo_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"treembot/bot/zalo"
	"treembot/bot/zalo/zalotest"
	"treembot/internal/testkit"
)

func TestJoinByInviteOnTheBotAPIByLongPolling(t *testing.T) {
	t.Parallel()
	w := newBotWorld(t)
	w.run()
	const user = "e4ea2cd5189df1c3a88c"
	w.botSrv.Push(zalotest.BotText(user, "Nguyễn Thị Lan", "m-1", "/start "+strings.ToLower(w.invite())))
	testkit.Eventually(t, patience, "the welcome", func() bool { return len(w.botSrv.Received(user)) >= 2 })
	got := w.botSrv.Received(user)
	if !strings.Contains(got[0].Text, "Chào mừng anh/chị!") || !strings.Contains(got[0].Text, "“chị Lan”") {
		t.Errorf("welcome = %q", got[0].Text)
	}
	if !strings.Contains(got[1].Text, "/report") {
		t.Errorf("help = %q", got[1].Text)
	}
	u, err := w.store.UserByIdentity(context.Background(), zalo.ChannelBot, user)
	if err != nil || u.Name != "Nguyễn Thị Lan" {
		t.Fatalf("joined user: %+v %v", u, err)
	}
	if !strings.Contains(w.logs.String(), "long polling") {
		t.Error("the logs do not say the bot API is long polling")
	}
}

func TestJoinByInviteOnTheOfficialAccount(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	const user = "6142494823190863113"
	body := zalotest.OAText(user, "msg-1", "/start "+w.invite(), w.clock())
	if got := zalotest.PostOA(w.hooks[zalo.DefaultOAWebhookPath], body, zalotest.Sign(body)); got.Code != http.StatusOK {
		t.Fatalf("webhook answered %d", got.Code)
	}
	testkit.Eventually(t, patience, "the welcome", func() bool { return len(w.oaSrv.Received(user)) >= 2 })
	if got := w.oaSrv.Received(user)[0]; !strings.Contains(got.Text, "Chào mừng anh/chị") || got.Path != "/v3.0/oa/message/cs" {
		t.Errorf("welcome = %+v", got)
	}
	u, err := w.store.UserByIdentity(context.Background(), zalo.ChannelOA, user)
	if err != nil || u.Name != zalotest.DisplayName(user) {
		t.Fatalf("OA identity's user %+v (%v), want the Zalo display name", u, err)
	}
	in, until, err := w.adapter.InReplyWindow(context.Background(), user)
	if err != nil || !in || !until.Equal(w.clock().Add(48*time.Hour)) {
		t.Errorf("reply window after a message: %v until %v (%v)", in, until, err)
	}
	if w.oaSrv.Refreshes() != 1 {
		t.Errorf("%d token refreshes, want 1 (the first send)", w.oaSrv.Refreshes())
	}
}

var linkCode = regexp.MustCompile(`/link ([0-9A-Z]{4}-[0-9A-Z]{4})`)

// A person on the Bot API links their Official Account chat: both are the
// same user, and reminders go to the one used last.
func TestLinkTheOfficialAccountToABotAPIAccount(t *testing.T) {
	t.Parallel()
	w := newWorld(t, func(c *zalo.Config) {
		c.BotWebhookURL, c.BotWebhookSecret = "https://treem.example.org/zalo/bot/webhook", "s3cret-for-tests"
	})
	const botUser, oaUser = "e4ea2cd5189df1c3a88c", "6142494823190863113"
	botHook := w.hooks["/zalo/bot/webhook"]
	zalotest.PostBot(botHook, zalotest.BotText(botUser, "Lan", "m-1", "/start "+w.invite()), "s3cret-for-tests")
	zalotest.PostBot(botHook, zalotest.BotText(botUser, "Lan", "m-2", "/link"), "s3cret-for-tests")
	var code string
	testkit.Eventually(t, patience, "the link code", func() bool {
		for _, s := range w.botSrv.Received(botUser) {
			if m := linkCode.FindStringSubmatch(s.Text); m != nil {
				code = m[1]
			}
		}
		return code != ""
	})
	w.advance(time.Minute)
	body := zalotest.OAText(oaUser, "msg-1", "/link "+code, w.clock())
	if got := zalotest.PostOA(w.hooks[zalo.DefaultOAWebhookPath], body, zalotest.Sign(body)); got.Code != http.StatusOK {
		t.Fatalf("OA webhook: %d", got.Code)
	}
	settle(t, w.adapter)
	ctx := context.Background()
	a, errA := w.store.UserByIdentity(ctx, zalo.ChannelBot, botUser)
	b, errB := w.store.UserByIdentity(ctx, zalo.ChannelOA, oaUser)
	if errA != nil || errB != nil || a.ID != b.ID {
		t.Fatalf("bot API user %+v (%v), OA user %+v (%v): want the same", a, errA, b, errB)
	}
	testkit.Eventually(t, patience, "the confirmation", func() bool {
		got := w.oaSrv.Received(oaUser)
		return len(got) > 0 && strings.Contains(got[0].Text, "Lan")
	})
	if id, err := w.store.PreferredIdentity(ctx, a.ID); err != nil || id.Channel != zalo.ChannelOA {
		t.Errorf("reminders would go to %+v (%v), want the OA just used", id, err)
	}
}
