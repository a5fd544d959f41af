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

// notBefore checks that the i-th of times (sorted) came no earlier than
// the pace allows: burst at once, then one per every. Sends are paced from
// when they start, which is never after they arrive.
func notBefore(t *testing.T, what string, start time.Time, times []time.Time, burst int, every time.Duration) {
	t.Helper()
	for i, at := range times {
		if earliest := start.Add(time.Duration(i-burst+1) * every); at.Before(earliest.Add(-slack)) {
			t.Errorf("%s: message %d arrived at %v, the pace allows it from %v", what, i+1, at.Sub(start), earliest.Sub(start))
			return
		}
	}
}

func TestPacingKeepsGlobalAndPerChatLimits(t *testing.T) {
	srv := telegramtest.NewServer(t)
	cfg := testConfig(srv)
	cfg.GlobalRate, cfg.ChatInterval, cfg.ChatBurst = 100, 200*time.Millisecond, 3
	a := newAdapter(t, cfg, Deps{Handler: newRecorder()})
	var chats []int64
	for i := int64(1); i <= 60; i++ {
		chats = append(chats, 9000+i)
	}
	start := time.Now()
	sendAll(t, a, chats, 5)
	elapsed := time.Since(start)

	times := callTimes(srv)
	if len(times) != 300 {
		t.Fatalf("%d calls, want 300", len(times))
	}
	notBefore(t, "overall", start, times, 1, time.Second/100)
	for _, chat := range chats {
		var got []time.Time
		for _, m := range srv.Received(chat) {
			got = append(got, m.Time)
		}
		sort.Slice(got, func(i, j int) bool { return got[i].Before(got[j]) })
		if len(got) != 5 {
			t.Fatalf("chat %d received %d messages, want 5", chat, len(got))
		}
		notBefore(t, fmt.Sprint("chat ", chat), start, got, 3, cfg.ChatInterval)
	}
	// 300 messages at 100/s take three seconds, paced from their starts
	// (slow requests do not stretch the run); pacing one message at a
	// time would take a minute or more.
	if elapsed < 3*time.Second-slack || elapsed > 6*time.Second {
		t.Errorf("300 messages took %v, want a little over 3s", elapsed)
	}
	t.Logf("300 messages to 60 chats in %v; busiest second held %d", elapsed, maxInWindow(times, time.Second-slack))
}

func TestGroupsAndPrivateChatsGetTheirOwnLimits(t *testing.T) {
	p := newPacer(Config{GlobalRate: 30, ChatInterval: time.Second, ChatBurst: 3, GroupPerMinute: 20}, nil, "k", time.Now, nil)
	// A group's burst of 3 plus 17 refills make the minute's 20.
	if n, every := p.Chat("-1002345678901").Limit(); n != 3 || every != time.Minute/17 {
		t.Errorf("group bucket = %d, then one every %v; want 3, then one every %v", n, every, time.Minute/17)
	}
	if n, every := p.Chat("5123456789").Limit(); n != 3 || every != time.Second {
		t.Errorf("private bucket = %d, then one every %v; want 3, then one a second", n, every)
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
