package telegram

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"treembot/bot"
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
				errs <- a.Send(context.Background(), bot.Message{ChatID: strconv.FormatInt(chat, 10), Text: fmt.Sprint("nhắc ", i)})
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

func TestWindowAllowsLimitPerPeriod(t *testing.T) {
	t0 := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	w := newWindow(20, time.Minute)
	var got []time.Time
	for i := 0; i < 45; i++ {
		now := t0.Add(time.Duration(i) * time.Second)
		s, at, _ := w.take(now)
		if s == nil {
			t.Fatalf("send %d found the window busy though every send had ended", i+1)
		}
		w.finish(s, at) // an instant send
		got = append(got, at)
	}
	for i := 0; i < 45; i++ {
		want := t0.Add(time.Duration(i) * time.Second)
		if i >= 20 {
			// The 21st message waits until the 1st is a minute old.
			if next := got[i-20].Add(time.Minute); next.After(want) {
				want = next
			}
		}
		if !got[i].Equal(want) {
			t.Errorf("message %d at %v, want %v", i+1, got[i].Sub(t0), want.Sub(t0))
		}
	}
	if got[20].Sub(t0) != time.Minute || got[40].Sub(t0) != 2*time.Minute {
		t.Errorf("21st at %v and 41st at %v, want 1m and 2m", got[20].Sub(t0), got[40].Sub(t0))
	}
}

func TestWindowCountsFromTheEndOfASlowSend(t *testing.T) {
	t0 := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	w := newWindow(1, time.Second)
	first, _, _ := w.take(t0)
	// While the first send is in flight, when it arrives is unknown: the
	// next must wait for it to end.
	s, _, busy := w.take(t0.Add(2 * time.Second))
	if s != nil {
		t.Fatal("a second send was allowed while the first was in flight")
	}
	w.finish(first, t0.Add(300*time.Millisecond))
	select {
	case <-busy:
	default:
		t.Fatal("the waiting send was not woken when the first ended")
	}
	_, at, _ := w.take(t0.Add(500 * time.Millisecond))
	if want := t0.Add(1300 * time.Millisecond); !at.Equal(want) {
		t.Errorf("next send at %v, want a full interval after the first ended (%v)", at.Sub(t0), want.Sub(t0))
	}
}

func TestGroupsAndPrivateChatsGetTheirOwnLimits(t *testing.T) {
	p := newPacer(Config{GlobalRate: 30, ChatInterval: time.Second, GroupPerMinute: 20}, nil, "k", time.Now, nil)
	if w := p.chat(-1002345678901); w.limit != 20 || w.period != time.Minute {
		t.Errorf("group window = %d per %v, want 20 per minute", w.limit, w.period)
	}
	if w := p.chat(5123456789); w.limit != 1 || w.period != time.Second {
		t.Errorf("private window = %d per %v, want 1 per second", w.limit, w.period)
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
	if err := a.Send(context.Background(), bot.Message{ChatID: "5123456789", Text: "Xin chào"}); err != nil {
		t.Fatalf("send during a budget outage: %v", err)
	}
	if len(srv.Received(lanChat)) != 1 {
		t.Error("message not delivered during a budget outage")
	}
}
