package zalo_test

import (
	"strings"
	"testing"

	"treembot/bot/zalo"
	"treembot/bot/zalo/zalotest"
	"treembot/internal/testkit"
	"treembot/storage/sessions"
)

// getMe's id is unused: a number there must not stop the bot starting.
func TestBotStartsWhenGetMeGivesANumericID(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	w.botSrv.NumericID = true
	_, err := zalo.New(zalo.Config{BotToken: zalotest.BotToken, BotAPIEndpoint: w.botSrv.URL},
		zalo.Deps{Handler: w.router, Sessions: w.sess, NotFound: sessions.ErrNotFound, Catalog: w.cat})
	if err != nil {
		t.Fatalf("zalo.New with a numeric getMe id: %v", err)
	}
}

// Zalo may answer 404 for a method it does not offer for a while; polling
// backs off, says so, and goes on.
func TestPollingGoesOnAfterA404(t *testing.T) {
	t.Parallel()
	w := newBotWorld(t)
	w.botSrv.FailNext("getUpdates", zalotest.Failure{Code: 404, Description: "Not Found"}, zalotest.Failure{Code: 404})
	w.run()
	const user = "9f3c1a2b3c4d5e6f7a8b"
	w.botSrv.Push(zalotest.BotText(user, "Lan", "m-404", "xin chào"))
	testkit.Eventually(t, patience, "the answer after two 404s", func() bool { return len(w.botSrv.Received(user)) > 0 })
	if !strings.Contains(w.logs.String(), "getUpdates failed") {
		t.Error("the 404 was not logged")
	}
}

// A message from a bot (even this one) is not answered: two bots would
// otherwise answer each other for ever.
func TestUpdatesFromBotsAreDropped(t *testing.T) {
	t.Parallel()
	w := newBotWorld(t)
	rec := &recorder{next: w.router}
	runAdapter(t, w.newAdapterHandled(w.cfg, rec))
	const chat = "7e1d2c3b4a5f6e7d8c9b"
	// The same chat keeps the order: the router would see the bot's first.
	w.botSrv.Push(zalotest.BotTextFromBot(chat, "Bot khác", "m-bot", "xin chào"),
		zalotest.BotText(chat, "Lan", "m-person", "xin chào"))
	testkit.Eventually(t, patience, "the person's message handled", func() bool { return len(rec.seen()) > 0 })
	if got := rec.seen(); len(got) != 1 || got[0] != "message.text.received:m-person" {
		t.Errorf("the router saw %v, want only the person's message", got)
	}
}
