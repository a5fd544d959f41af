package zalo_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"treembot/bot/zalo"
	"treembot/bot/zalo/zalotest"
	"treembot/internal/testkit"
)

func TestDuplicateOAEventIsHandledOnce(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	hook := w.hooks[zalo.DefaultOAWebhookPath]
	const user = "6142494823190863113"
	body := zalotest.OAText(user, "msg-dup", "/start "+w.invite(), w.clock())
	for i := 0; i < 3; i++ {
		// Zalo retries an event it thinks was not received: each copy is
		// acknowledged, only the first is acted on.
		if got := zalotest.PostOA(hook, body, zalotest.Sign(body)); got.Code != http.StatusOK {
			t.Fatalf("delivery %d answered %d", i+1, got.Code)
		}
	}
	w.quiet(1, func() int { return len(w.oaSrv.Received(user)) })
	if got := w.oaSrv.Received(user); len(got) != 2 {
		t.Errorf("%d messages for one event delivered three times, want 2 (welcome and help)", len(got))
	}
}

func TestDuplicateBotUpdateIsHandledOnce(t *testing.T) {
	t.Parallel()
	w := newBotWorld(t)
	w.run()
	const user = "e4ea2cd5189df1c3a88c"
	event := zalotest.BotText(user, "Lan", "m-dup", "/start "+w.invite())
	w.botSrv.Push(event, event)
	w.quiet(2, func() int { return len(w.botSrv.Received(user)) })
	if got := w.botSrv.Received(user); len(got) != 2 {
		t.Errorf("%d messages for one update delivered twice, want 2", len(got))
	}
}

func TestBadOrMissingSignatureIsRefusedAndTouchesNothing(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	hook := w.hooks[zalo.DefaultOAWebhookPath]
	const user = "6142494823190863113"
	body := zalotest.OAText(user, "msg-1", "/start "+w.invite(), w.clock())
	other := zalotest.OAText(user, "msg-2", "/start X", w.clock())
	tampered := bytes.Replace(body, []byte("msg-1"), []byte("msg-9"), 1)
	cases := map[string]struct {
		body []byte
		sig  string
	}{
		"missing":         {body, ""},
		"empty mac":       {body, "mac="},
		"another event's": {body, zalotest.Sign(other)},
		"tampered body":   {tampered, zalotest.Sign(body)},
		"garbage":         {body, "mac=zzzz"},
		"not json":        {[]byte("hello"), zalotest.Sign([]byte("hello"))},
	}
	for name, c := range cases {
		if got := zalotest.PostOA(hook, c.body, c.sig); got.Code != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, got.Code)
		}
	}
	// An accepted event is in the spool before its 200, and counted once
	// handled: with neither, nothing refused is on its way.
	if n, err := w.adapter.Pending(context.Background()); err != nil || n != 0 || w.handled.Load() != 0 {
		t.Errorf("refused events accepted: %d in the spool (%v), %d handled", n, err, w.handled.Load())
	}
	if _, err := w.store.UserByIdentity(context.Background(), zalo.ChannelOA, user); err == nil {
		t.Error("an unsigned event joined someone")
	}
	if in, _, _ := w.adapter.InReplyWindow(context.Background(), user); in {
		t.Error("an unsigned event opened the reply window")
	}
	if len(w.oaSrv.Calls("")) != 0 {
		t.Errorf("an unsigned event made %d calls to Zalo", len(w.oaSrv.Calls("")))
	}
	// The bare hex form of the signature is accepted too.
	if got := zalotest.PostOA(hook, body, strings.TrimPrefix(zalotest.Sign(body), "mac=")); got.Code != http.StatusOK {
		t.Errorf("a valid bare signature: status %d", got.Code)
	}
}

func TestWebhooksRefuseWhatIsNotZalo(t *testing.T) {
	t.Parallel()
	w := newWorld(t, func(c *zalo.Config) {
		c.BotWebhookURL, c.BotWebhookSecret = "https://treem.example.org/zalo/bot/webhook", "s3cret-for-tests"
	})
	botHook := w.hooks["/zalo/bot/webhook"]
	event := zalotest.BotText("u1", "Lan", "m-1", "/start")
	for name, c := range map[string]struct {
		secret string
		want   int
	}{"no secret": {"", 401}, "wrong secret": {"s3cret-for-testsX", 401}} {
		if got := zalotest.PostBot(botHook, event, c.secret); got.Code != c.want {
			t.Errorf("bot webhook, %s: %d, want %d", name, got.Code, c.want)
		}
	}
	for _, h := range []http.Handler{botHook, w.hooks[zalo.DefaultOAWebhookPath]} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("X-Bot-Api-Secret-Token", "s3cret-for-tests")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("GET: %d, want 405", rec.Code)
		}
		big := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(make([]byte, 2<<20)))
		big.Header.Set("X-Bot-Api-Secret-Token", "s3cret-for-tests")
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, big)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("2 MiB body: %d, want 413", rec.Code)
		}
	}
	if len(w.botSrv.Received("u1")) != 0 {
		t.Error("a refused request was handled")
	}
}

// Zalo's webhook is answered at once, even with the database down: the
// event is spooled, handled once the database is back, and Zalo's
// redelivery is not handled twice.
func TestWebhookAcceptsAtOnceAndHandlesWhenTheDatabaseIsBack(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	failing := &flakyHandler{next: w.router, failures: 3}
	a := w.newAdapterWith(failing)
	hook := a.Handlers()[zalo.DefaultOAWebhookPath]
	const user = "6142494823190863113"
	body := zalotest.OAText(user, "msg-1", "/start "+w.invite(), w.clock())
	if got := zalotest.PostOAInTime(t, hook, body, zalotest.Sign(body)); got.Code != http.StatusOK {
		t.Fatalf("delivery with the database down: %d, want 200", got.Code)
	}
	settle(t, a)
	if _, err := w.store.UserByIdentity(context.Background(), zalo.ChannelOA, user); err != nil {
		t.Fatalf("the accepted event was not handled: %v", err)
	}
	if got := zalotest.PostOAInTime(t, hook, body, zalotest.Sign(body)); got.Code != http.StatusOK {
		t.Fatalf("Zalo's redelivery: %d, want 200", got.Code)
	}
	settle(t, a)
	testkit.Eventually(t, patience, "the welcome", func() bool { return len(w.oaSrv.Received(user)) >= 2 })
	if got := len(w.oaSrv.Received(user)); got != 2 {
		t.Errorf("%d messages, want the welcome and help once", got)
	}
}

// An instance that stops with an accepted event unsaved leaves it in the
// spool, and the next instance handles it.
func TestAcceptedEventSurvivesTheInstanceThatTookIt(t *testing.T) {
	t.Parallel()
	w := newBotWorld(t)
	cfg := w.cfg
	cfg.BotWebhookURL, cfg.BotWebhookSecret = "https://treem.example.org/zalo/bot/webhook", "s3cret-for-tests"
	down := w.newAdapterHandled(cfg, &flakyHandler{next: w.router, failures: 1 << 30})
	stop := runAdapter(t, down)
	const user = "e4ea2cd5189df1c3a88c"
	event := zalotest.BotText(user, "Lan", "m-1", "/start "+w.invite())
	if got := zalotest.PostBot(down.Handlers()["/zalo/bot/webhook"], event, "s3cret-for-tests"); got.Code != http.StatusOK {
		t.Fatalf("webhook: %d, want 200", got.Code)
	}
	stop()
	if n, err := down.Pending(context.Background()); n != 1 || err != nil {
		t.Fatalf("%d events pending after the instance stopped (%v), want 1", n, err)
	}
	w.advance(time.Minute)
	next := w.newAdapterHandled(cfg, w.router)
	runAdapter(t, next)
	settle(t, next)
	if _, err := w.store.UserByIdentity(context.Background(), zalo.ChannelBot, user); err != nil {
		t.Fatalf("the event left in the spool was not handled: %v", err)
	}
	testkit.Eventually(t, patience, "the welcome", func() bool { return len(w.botSrv.Received(user)) >= 2 })
}

// The display-name lookup (up to 3 s) comes after the answer: Zalo waits
// about 2 s.
func TestOAWebhookAnswersBeforeTheNameLookup(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	w.oaSrv.ProfileDelay = 2500 * time.Millisecond
	const user = "6142494823190863113"
	body := zalotest.OAText(user, "msg-1", "/start "+w.invite(), w.clock())
	if got := zalotest.PostOAInTime(t, w.hooks[zalo.DefaultOAWebhookPath], body, zalotest.Sign(body)); got.Code != http.StatusOK {
		t.Fatalf("webhook: %d", got.Code)
	}
	settle(t, w.adapter)
	u, err := w.store.UserByIdentity(context.Background(), zalo.ChannelOA, user)
	if err != nil || u.Name != zalotest.DisplayName(user) {
		t.Errorf("joined %+v (%v), want the Zalo display name looked up after the answer", u, err)
	}
}
