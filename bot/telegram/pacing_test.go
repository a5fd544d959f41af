package telegram

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/telegram/telegramtest"
	"treembot/storage/sessions/sessionstest"
)

// slack absorbs the gap between a reservation and the server's receipt.
const slack = 40 * time.Millisecond

// sendAll sends n messages to each of chats chat ids in parallel and
// returns when all are delivered.
func sendAll(t *testing.T, a *Adapter, chats []int64, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(chats)*n)
	for _, chat := range chats {
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- a.Send(context.Background(), chatmsg.Message{ChatID: strconv.FormatInt(chat, 10), Text: fmt.Sprint("nhắc ", i)})
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func callTimes(srv *telegramtest.Server) []time.Time {
	var out []time.Time
	for _, c := range srv.Calls("sendMessage") {
		out = append(out, c.Time)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// maxInWindow is the most calls found in any span of length w.
func maxInWindow(times []time.Time, w time.Duration) int {
	best, j := 0, 0
	for i := range times {
		for times[i].Sub(times[j]) >= w {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

func TestPacingKeepsGlobalAndPerChatLimits(t *testing.T) {
	srv := telegramtest.NewServer(t)
	cfg := testConfig(srv)
	cfg.GlobalRate, cfg.ChatInterval = 100, 200*time.Millisecond
	a := newAdapter(t, cfg, Deps{Handler: newRecorder()})
	var chats []int64
	for i := int64(1); i <= 100; i++ {
		chats = append(chats, 9000+i)
	}
	start := time.Now()
	sendAll(t, a, chats, 3)
	elapsed := time.Since(start)

	times := callTimes(srv)
	if len(times) != 300 {
		t.Fatalf("%d calls, want 300", len(times))
	}
	if n := maxInWindow(times, time.Second-slack); n > 100 {
		t.Errorf("%d messages within one second, limit 100", n)
	}
	for _, chat := range chats {
		got := srv.Received(chat)
		if len(got) != 3 {
			t.Fatalf("chat %d received %d messages, want 3", chat, len(got))
		}
		for i := 1; i < len(got); i++ {
			if gap := got[i].Time.Sub(got[i-1].Time); gap < cfg.ChatInterval-slack {
				t.Errorf("chat %d: two messages %v apart, limit one per %v", chat, gap, cfg.ChatInterval)
			}
		}
	}
	// 300 messages at 100/s need two full seconds of waiting. Each window
	// also waits for its sends to end (their arrival is unknown until
	// then), so slow requests (-race, a loaded machine) stretch the run;
	// pacing one message at a time would take a minute or more.
	if elapsed < 2*time.Second-slack || elapsed > 20*time.Second {
		t.Errorf("300 messages took %v, want a little over 2s", elapsed)
	}
	t.Logf("300 messages to 100 chats in %v; busiest second held %d", elapsed, maxInWindow(times, time.Second-slack))
}

func TestGroupsAndPrivateChatsGetTheirOwnLimits(t *testing.T) {
	p := newPacer(Config{GlobalRate: 30, ChatInterval: time.Second, GroupPerMinute: 20}, nil, "k", time.Now, nil)
	if n, per := p.Chat("-1002345678901").Limit(); n != 20 || per != time.Minute {
		t.Errorf("group window = %d per %v, want 20 per minute", n, per)
	}
	if n, per := p.Chat("5123456789").Limit(); n != 1 || per != time.Second {
		t.Errorf("private window = %d per %v, want 1 per second", n, per)
	}
}

func TestSharedBudgetSpansInstances(t *testing.T) {
	srv := telegramtest.NewServer(t)
	store := sessionstest.New(t) // real Redis with TEST_REDIS_URL, miniredis otherwise
	cfg := testConfig(srv)
	cfg.GlobalRate = 20
	first := newAdapter(t, cfg, Deps{Handler: newRecorder(), Budget: store})
	second := newAdapter(t, cfg, Deps{Handler: newRecorder(), Budget: store})
	start := time.Now()
	var wg sync.WaitGroup
	for i, a := range []*Adapter{first, second} {
		var chats []int64
		for c := int64(0); c < 30; c++ {
			chats = append(chats, int64(i+1)*1000+c)
		}
		wg.Add(1)
		go func() { defer wg.Done(); sendAll(t, a, chats, 1) }()
	}
	wg.Wait()
	// Alone, each instance would send its 30 in about one second; sharing
	// 20/s (a burst of 20, then one per 50ms) the 60 take about two.
	if elapsed := time.Since(start); elapsed < 1800*time.Millisecond {
		t.Errorf("two instances sent 60 messages in %v: the budget was not shared", elapsed)
	}
}

func TestBudgetOutageFallsBackToLocalPacing(t *testing.T) {
	srv := telegramtest.NewServer(t)
	store := sessionstest.NewMemory(t)
	_ = store.Close() // every Allow now fails
	a := newAdapter(t, testConfig(srv), Deps{Handler: newRecorder(), Budget: store})
	if err := a.Send(context.Background(), chatmsg.Message{ChatID: "5123456789", Text: "Xin chào"}); err != nil {
		t.Fatalf("send during a budget outage: %v", err)
	}
	if len(srv.Received(lanChat)) != 1 {
		t.Error("message not delivered during a budget outage")
	}
}
