//go:build faults

package faults

import (
	"net/http"
	"strings"
	"testing"
	"time"
	"treembot/internal/testkit"

	"treembot/bot/telegram/telegramtest"
)

// Webhook mode answers Telegram's POST as soon as the update's effects
// and replies are saved, before sending. The bot is killed (SIGKILL)
// between that 200 and the send (the Bot API refuses the send until
// then); the person gets the reply, once, from the restarted bot, although
// Telegram, having had its 200, never delivers the update again.
func TestKilledBetweenAckAndSendStillReplies(t *testing.T) {
	w := newFaultWorld(t)
	hook := map[string]string{"TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg/hook",
		"TELEGRAM_WEBHOOK_SECRET": hookSecret, "TELEGRAM_MAX_RETRIES": "100"}
	const person = 880011
	w.tg.FailChat(person, telegramtest.Failure{Code: 502})
	first := w.startChild(hook)
	client := &webhookClient{t: t}
	if code := client.deliver(first, client.numbered(telegramtest.PrivateText(person, "/help"))); code != http.StatusOK {
		t.Fatalf("webhook answered %d, want 200 once the update is saved", code)
	}
	testkit.Eventually(t, 10*time.Second, "a send attempt", func() bool { return len(w.tg.Calls("sendMessage")) > 0 })
	first.kill()
	if n := w.tg.ReceivedCount(person); n != 0 {
		t.Fatalf("%d replies arrived before the kill; the test needs the send to be in flight", n)
	}

	w.tg.HealChat(person)
	w.startChild(hook)
	testkit.Eventually(t, 60*time.Second, "the reply from the restarted bot", func() bool { return w.tg.ReceivedCount(person) > 0 })
	got := w.tg.Received(person)
	if len(got) != 1 || !strings.Contains(got[0].Text, "mã mời") {
		t.Errorf("after the restart the person received %d messages (%+v), want the join instructions once", len(got), got)
	}
}
