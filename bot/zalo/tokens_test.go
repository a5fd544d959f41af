package zalo_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/zalo"
	"treembot/bot/zalo/zalotest"
	"treembot/internal/testkit"
)

// openWindow records that user wrote now, through a signed "hello".
func (w *world) openWindow(user string) {
	w.t.Helper()
	body := zalotest.OAEvent("user_send_sticker", user, "sticker-"+user+"-"+w.clock().String(), "", w.clock())
	w.oaSrv.Interacted(user, w.clock())
	if got := zalotest.PostOA(w.adapter.Handlers()[zalo.DefaultOAWebhookPath], body, zalotest.Sign(body)); got.Code != 200 {
		w.t.Fatalf("sticker event answered %d", got.Code)
	}
	testkit.Eventually(w.t, patience, "the answer to the sticker", func() bool { return len(w.oaSrv.Received(user)) > 0 })
}

// remindAfter sends a reminder to user, inside the reply window, after
// queueing answers for the customer-service endpoint; it returns the
// send's error.
func (w *world) remindAfter(user string, answers ...zalotest.OAFailure) error {
	w.t.Helper()
	w.openWindow(user)
	w.oaSrv.FailNext("/v3.0/oa/message/cs", answers...)
	return w.sendOA(user, "Nhắc việc")
}

func (w *world) sendOA(user, text string) error {
	return w.adapter.Senders()[zalo.ChannelOA].Send(context.Background(), chatmsg.Message{ChatID: user, Text: text})
}

func TestTokenIsRefreshedBeforeExpiryAndTheNewRefreshTokenStored(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	const user = "u-refresh"
	w.openWindow(user)
	if n := w.oaSrv.Refreshes(); n != 1 {
		t.Fatalf("%d refreshes for the first send, want 1", n)
	}
	if w.oaSrv.ValidRefreshToken(zalotest.FirstRefresh) {
		t.Error("the first refresh token was not spent")
	}
	// 23 hours on, still an hour and more before expiry: no refresh.
	w.advance(23*time.Hour + 59*time.Minute)
	if err := w.sendOA(user, "Nhắc việc"); err != nil {
		t.Fatal(err)
	}
	if n := w.oaSrv.Refreshes(); n != 1 {
		t.Errorf("%d refreshes with the token valid for over an hour, want 1", n)
	}
	// Within the last hour: refreshed first, with the stored refresh token.
	w.advance(2 * time.Minute)
	if err := w.sendOA(user, "Nhắc việc"); err != nil {
		t.Fatal(err)
	}
	calls := w.oaSrv.Calls("/v4/oa/access_token")
	if n := len(calls); n != 2 || calls[1].Form["refresh_token"] != "refresh-token-1" {
		t.Fatalf("second refresh: %d calls, last with %q", n, calls[len(calls)-1].Form["refresh_token"])
	}
	access, expires, err := w.store.ZaloAccessToken(context.Background(), zalotest.AppID)
	if err != nil || access != "access-token-2" || !expires.Equal(w.clock().Add(25*time.Hour)) {
		t.Errorf("stored token %q expiring %v (%v)", access, expires, err)
	}
	if got := w.oaSrv.Calls("/v3.0/oa/message/cs"); got[len(got)-1].Token != "access-token-2" {
		t.Errorf("the send after the refresh used %q", got[len(got)-1].Token)
	}
}

func TestFailedRefreshAlertsAdminsAndLogsAnError(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	w.oaSrv.FailNext("/v4/oa/access_token", zalotest.OAFailure{Error: -14014, Message: "Invalid refresh token"},
		zalotest.OAFailure{Error: -14014}, zalotest.OAFailure{Error: -14014})
	const user = "u-1"
	body := zalotest.OAEvent("user_send_sticker", user, "st-1", "", w.clock())
	if got := zalotest.PostOA(w.hooks[zalo.DefaultOAWebhookPath], body, zalotest.Sign(body)); got.Code != 200 {
		t.Fatalf("the event was not acknowledged (%d): a send failure must not undo a saved update", got.Code)
	}
	testkit.Eventually(t, patience, "the admins' alert", func() bool { return w.alertCount() == 1 })
	if logs := w.logs.String(); !strings.Contains(logs, "level=ERROR") || !strings.Contains(logs, "could not be refreshed") {
		t.Errorf("no error-level log of the failed refresh:\n%s", logs)
	}
	err := w.sendOA(user, "Nhắc việc")
	var se *chatmsg.SendError
	if !errors.As(err, &se) || se.Retryable() {
		t.Fatalf("send without a token: %v, want a non-retryable *chatmsg.SendError", err)
	}
	if w.alertCount() != 1 {
		t.Errorf("%d alerts within the hour, want 1", w.alertCount())
	}
	w.advance(time.Hour)
	_ = w.sendOA(user, "Nhắc việc")
	if w.alertCount() != 2 {
		t.Errorf("%d alerts an hour later, want 2", w.alertCount())
	}
	if len(w.oaSrv.Calls("/v3.0/oa/message/cs")) != 0 {
		t.Error("a message was sent without a token")
	}
	// Once Zalo answers again, the stored refresh token still works.
	if err := w.sendOA(user, "Nhắc việc"); err != nil || w.oaSrv.Refreshes() != 1 {
		t.Errorf("after the outage: %v, %d refreshes", err, w.oaSrv.Refreshes())
	}
}

// A send whose token was replaced while it was in flight (another instance
// refreshed, and Zalo refuses the old one) gets the new token from the
// database and succeeds, without spending the refresh token again.
func TestRefreshRacingWithASend(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	w.oaSrv.OnlyNewestToken = true
	const user = "u-race"
	w.openWindow(user) // this instance now holds access-token-1
	cfg := zalo.Config{OAAppID: zalotest.AppID, OASecret: zalotest.OASecret, OAAppSecret: zalotest.AppSecret,
		OAAPIEndpoint: w.oaSrv.URL, OAuthEndpoint: w.oaSrv.URL, RetryBase: 10 * time.Millisecond, ChatInterval: time.Millisecond}
	eager := cfg
	eager.OARefreshMargin = 30 * time.Hour // longer than a token lives: it refreshes at once
	if err := w.newAdapter(eager).Senders()[zalo.ChannelOA].Send(context.Background(), chatmsg.Message{ChatID: user, Text: "Một"}); err != nil {
		t.Fatal(err)
	}
	if err := w.sendOA(user, "Hai"); err != nil {
		t.Fatalf("send with a token refreshed elsewhere: %v", err)
	}
	if n := w.oaSrv.Refreshes(); n != 2 {
		t.Errorf("%d refreshes, want 2 (this instance's first, the other's)", n)
	}
	refused := 0
	for _, c := range w.oaSrv.Calls("/v3.0/oa/message/cs") {
		if c.Token == "access-token-1" {
			refused++
		}
	}
	if refused != 2 { // the sticker's answer, then "Hai" once before the retry
		t.Errorf("%d sends with the first token, want 2", refused)
	}
}

// Sends racing into an expired token on two instances refresh it once.
func TestSendsRacingIntoAnExpiredTokenRefreshItOnce(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	w.oaSrv.OnlyNewestToken = true
	const user = "u-race"
	w.openWindow(user)
	other := w.newAdapter(zalo.Config{OAAppID: zalotest.AppID, OASecret: zalotest.OASecret, OAAppSecret: zalotest.AppSecret,
		OAAPIEndpoint: w.oaSrv.URL, OAuthEndpoint: w.oaSrv.URL, RetryBase: 10 * time.Millisecond, ChatInterval: time.Millisecond})
	w.advance(25 * time.Hour) // every cached token has expired
	before := w.oaSrv.Refreshes()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		sender := w.adapter.Senders()[zalo.ChannelOA]
		if i%2 == 1 {
			sender = other.Senders()[zalo.ChannelOA]
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := sender.Send(context.Background(), chatmsg.Message{ChatID: user, Text: "Ba"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := w.oaSrv.Refreshes() - before; n != 1 {
		t.Errorf("8 sends racing on two instances refreshed %d times, want 1", n)
	}
}
