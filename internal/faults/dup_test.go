//go:build faults

package faults

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
	"treembot/internal/testkit"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/telegram/telegramtest"
	"treembot/locales"
)

const hookSecret = "faults-hook-secret"

// webhookBots starts n bot instances in webhook mode on one database and
// one Redis, as behind a load balancer.
func webhookBots(w *faultWorld, n int) []*botProc {
	out := make([]*botProc, n)
	for i := range out {
		out[i] = w.startChild(map[string]string{"TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg/hook",
			"TELEGRAM_WEBHOOK_SECRET": hookSecret})
	}
	return out
}

// webhookClient delivers updates to bot instances the way Telegram's webhook does.
type webhookClient struct {
	t      *testing.T
	nextID int
}

// deliver posts upd (with its UpdateID) to b and returns the status.
func (h *webhookClient) deliver(b *botProc, upd tgbotapi.Update) int {
	body, err := json.Marshal(upd)
	if err != nil {
		h.t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, "http://"+b.addr+"/tg/hook", bytes.NewReader(body))
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", hookSecret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: time.Minute}).Do(req)
	if err != nil {
		h.t.Errorf("webhook post: %v", err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// numbered gives upd the next update id.
func (h *webhookClient) numbered(upd tgbotapi.Update) tgbotapi.Update {
	h.nextID++
	upd.UpdateID = h.nextID
	return upd
}

// atOnce delivers each (instance, update) pair at the same moment and checks
// every answer is 200.
func (h *webhookClient) atOnce(deliveries map[*botProc][]tgbotapi.Update) {
	var wg sync.WaitGroup
	for b, upds := range deliveries {
		for _, u := range upds {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if code := h.deliver(b, u); code != http.StatusOK {
					h.t.Errorf("update %d on %s: status %d", u.UpdateID, b.addr, code)
				}
			}()
		}
	}
	wg.Wait()
}

// Duplicates and reordering across two instances: the same update
// delivered three times (twice at once, on both instances), two messages
// of one chat arriving at once on the two instances, a button of an old
// keyboard pressed, and that press delivered twice — each has one effect.
func TestDuplicatesAcrossInstancesHaveOneEffect(t *testing.T) {
	t.Parallel()
	w := newFaultWorld(t)
	u := villageUsers(t, w, 1)[0]
	answers := firstAnswers(t, 12)
	bots := webhookBots(w, 2)
	a, b := bots[0], bots[1]
	h := &webhookClient{t: t, nextID: 7000}
	got := func() []telegramtest.Sent { return w.tg.Received(u.id) }
	h.deliver(a, h.numbered(telegramtest.PrivateText(u.id, "/start "+u.code)))
	h.deliver(b, h.numbered(telegramtest.PrivateText(u.id, "/report")))
	testkit.Eventually(t, 10*time.Second, "the first question (Câu 1 —)", func() bool { return containsAny(got(), "Câu 1 —") })

	first := h.numbered(telegramtest.PrivateText(u.id, answers[0].typed))
	h.atOnce(map[*botProc][]tgbotapi.Update{a: {first}, b: {first}})
	h.deliver(a, first)
	for k := 1; k < 7; k++ {
		h.deliver(bots[k%2], h.numbered(telegramtest.PrivateText(u.id, answers[k].typed)))
	}
	testkit.Eventually(t, 10*time.Second, "one question per answer (Câu 8 —)", func() bool { return containsAny(got(), "Câu 8 —") })

	// Children abused and child labour: no rule ties one to the other, so
	// either order is valid; what matters is that both count, once each.
	pair := answers[7:9]
	h.atOnce(map[*botProc][]tgbotapi.Update{
		a: {h.numbered(telegramtest.PrivateText(u.id, pair[0].typed))},
		b: {h.numbered(telegramtest.PrivateText(u.id, pair[1].typed))},
	})
	testkit.Eventually(t, 10*time.Second, "both messages sent at once counted (Câu 10 —)", func() bool { return containsAny(got(), "Câu 10 —") })
	for k := 9; k < 11; k++ {
		h.deliver(bots[k%2], h.numbered(telegramtest.PrivateText(u.id, answers[k].typed)))
	}
	testkit.Eventually(t, 10*time.Second, "the questions after the pair (Câu 12 —)", func() bool { return containsAny(got(), "Câu 12 —") })

	old := findButton(t, got(), "Câu 3 —")
	before := len(got())
	press := h.numbered(telegramtest.ButtonPress(u.id, old.msgID, old.data))
	h.atOnce(map[*botProc][]tgbotapi.Update{a: {press}, b: {press}})
	stale := locales.MustLoad().T("vi", "flows_stale")
	testkit.Eventually(t, 10*time.Second, "the old button refused", func() bool { return countContaining(got()[before:], stale) >= 1 })
	if n := countContaining(got()[before:], stale); n < 1 {
		t.Errorf("an old keyboard's button was not refused: %v", got()[before:])
	}
	h.deliver(a, h.numbered(telegramtest.PrivateText(u.id, answers[11].typed)))
	testkit.Eventually(t, 10*time.Second, "the next question, not one the old button moved to (Câu 13 —)", func() bool { return containsAny(got(), "Câu 13 —") })

	vals, sets := draftOf(t, w.store(), u.unit)
	inOrder := vals[pair[0].code] == pair[0].stored && vals[pair[1].code] == pair[1].stored
	swapped := vals[pair[0].code] == pair[1].stored && vals[pair[1].code] == pair[0].stored
	if !inOrder && !swapped {
		t.Errorf("the two simultaneous answers are stored as %v", vals)
	}
	for _, ans := range answers {
		if ans.code != pair[0].code && ans.code != pair[1].code && vals[ans.code] != ans.stored {
			t.Errorf("%s = %q, want %q", ans.code, vals[ans.code], ans.stored)
		}
		if sets[ans.code] != 1 {
			t.Errorf("%s written %d times, want once (values %v)", ans.code, sets[ans.code], vals)
		}
	}
	if len(vals) != len(answers) {
		t.Errorf("%d values stored for %d answers: %v", len(vals), len(answers), vals)
	}
}

// shownButton is an inline button under a message a chat received.
type shownButton struct {
	msgID int
	data  string
}

// findButton returns the first button under the message containing text.
func findButton(t *testing.T, msgs []telegramtest.Sent, text string) shownButton {
	t.Helper()
	for _, m := range msgs {
		if containsAny([]telegramtest.Sent{m}, text) {
			for _, row := range m.Keyboard {
				for _, b := range row {
					if b.CallbackData != nil {
						return shownButton{m.MessageID, *b.CallbackData}
					}
				}
			}
		}
	}
	t.Fatalf("no button under %q", text)
	return shownButton{}
}

func countContaining(msgs []telegramtest.Sent, s string) int {
	n := 0
	for _, m := range msgs {
		if containsAny([]telegramtest.Sent{m}, s) {
			n++
		}
	}
	return n
}

func lastText(msgs []telegramtest.Sent) string {
	if len(msgs) == 0 {
		return "(nothing)"
	}
	return fmt.Sprintf("%q", tailOf(msgs[len(msgs)-1].Text, 200))
}
