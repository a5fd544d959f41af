package telegram

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/telegram/telegramtest"
)

// memoryPending is a Pending kept in memory: it outlives an adapter, as
// the database outlives a process.
type memoryPending struct {
	mu    sync.Mutex
	next  uint
	rows  map[uint][]byte
	saved map[uint]time.Time
}

func newMemoryPending() *memoryPending {
	return &memoryPending{rows: map[uint][]byte{}, saved: map[uint]time.Time{}}
}

func (m *memoryPending) Save(_ context.Context, _ string, payload []byte) (uint, error) {
	return m.saveAt(payload, time.Now()), nil
}

// saveAt stores payload as saved at.
func (m *memoryPending) saveAt(payload []byte, at time.Time) uint {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next++
	m.rows[m.next], m.saved[m.next] = payload, at
	return m.next
}

func (m *memoryPending) Delete(_ context.Context, ids []uint) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		delete(m.rows, id)
	}
	return nil
}

func (m *memoryPending) Take(_ context.Context, olderThan time.Duration, limit int, except []uint) ([][]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	before := time.Now().Add(-olderThan)
	var out [][]byte
	for id, p := range m.rows {
		if len(out) == limit {
			break
		}
		if !slices.Contains(except, id) && m.saved[id].Before(before) {
			out = append(out, p)
			delete(m.rows, id)
		}
	}
	return out, nil
}

func (m *memoryPending) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.rows)
}

// Webhook mode answers 200 once the effects and the replies are saved,
// before sending; replies a process could not send (it died) are sent by
// the next one when it starts.
func TestWebhookAcknowledgesBeforeSendingAndKeepsTheReply(t *testing.T) {
	srv := telegramtest.NewServer(t)
	pending := newMemoryPending()
	cfg := webhookConfig(srv)
	cfg.RetryBase, cfg.MaxRetries = time.Hour, 1 // the first process never gets its send through
	first := newAdapter(t, cfg, Deps{Handler: newRecorder(), Pending: pending})
	srv.FailChat(lanChat, telegramtest.Failure{Code: 502})
	body := updateJSON(t, telegramtest.PrivateText(lanChat, "12"))
	if got := post(first.WebhookHandler(), http.MethodPost, testSecret, body).Code; got != http.StatusOK {
		t.Fatalf("status %d, want 200 as soon as the update is saved", got)
	}
	if n := pending.count(); n != 1 {
		t.Fatalf("%d replies kept at the 200, want the one not sent yet", n)
	}

	srv.HealChat(lanChat)
	second := newAdapter(t, webhookConfig(srv), Deps{Handler: newRecorder(), Pending: pending})
	second.resendPending(context.Background(), -time.Second)
	if got := srv.Received(lanChat); len(got) != 1 || got[0].Text != "echo: 12" {
		t.Errorf("after the restart the chat received %+v, want the reply once", got)
	}
	if n := pending.count(); n != 0 {
		t.Errorf("%d replies still kept after they were sent", n)
	}
}

// The sweep for replies left behind (at start, then every minute) sends
// those of a dead process, and leaves alone the ones this process saved
// and is still sending: taking those too would send them twice.
func TestTheSweepLeavesThisProcesssRepliesToItsSender(t *testing.T) {
	ctx := context.Background()
	srv := telegramtest.NewServer(t)
	pending := newMemoryPending()
	a := newAdapter(t, webhookConfig(srv), Deps{Handler: newRecorder(), Pending: pending})
	chat := strconv.Itoa(lanChat)
	left, _ := json.Marshal([]chatmsg.Message{{ChatID: chat, Text: "left behind"}})
	if _, err := pending.Save(ctx, chat, left); err != nil {
		t.Fatal(err)
	}
	own, ok := a.keep(ctx, chat, []chatmsg.Message{{ChatID: chat, Text: "on its way"}})
	if !ok {
		t.Fatal("reply not kept")
	}
	a.resendPending(ctx, -time.Second)
	if got := srv.Received(lanChat); len(got) != 1 || got[0].Text != "left behind" {
		t.Errorf("the sweep sent %+v, want only the reply left behind", got)
	}
	if n := pending.count(); n != 1 {
		t.Fatalf("%d replies kept after the sweep, want this process's own", n)
	}
	a.forget(ctx, own)
	if n := pending.count(); n != 0 {
		t.Errorf("%d replies kept once this process's own was sent", n)
	}
}

// The sweep at start takes the replies saved before this process began
// taking updates, not one it saved itself since, even before that one is
// marked as its own: taken then, it went out twice (the webhook duplicate
// test saw two replies to one update under the race detector).
func TestTheStartSweepTakesOnlyRepliesFromBeforeTheStart(t *testing.T) {
	srv := telegramtest.NewServer(t)
	pending := newMemoryPending()
	a := newAdapter(t, webhookConfig(srv), Deps{Handler: newRecorder(), Pending: pending})
	chat := strconv.Itoa(lanChat)
	started := time.Now()
	left, _ := json.Marshal([]chatmsg.Message{{ChatID: chat, Text: "left behind"}})
	pending.saveAt(left, started.Add(-time.Second))
	mine, _ := json.Marshal([]chatmsg.Message{{ChatID: chat, Text: "this process's, not yet marked"}})
	pending.saveAt(mine, started.Add(50*time.Millisecond)) // the start sweep reads at about started
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.sweepPending(ctx, started); close(done) }()
	srv.WaitFor(t, "the reply left behind", func() bool { return len(srv.Received(lanChat)) == 1 })
	cancel()
	<-done
	if got := srv.Received(lanChat); len(got) != 1 || got[0].Text != "left behind" {
		t.Errorf("the start sweep sent %+v, want only the reply saved before the start", got)
	}
	if n := pending.count(); n != 1 {
		t.Errorf("%d replies kept after the start sweep, want this process's own", n)
	}
}
