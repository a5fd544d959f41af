package telegram

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/telegram/telegramtest"
	"treembot/storage/sessions/sessionstest"
)

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
// the pace allows: burst at once, then one per every. On a synctest clock
// with the fake served in-process a send arrives when it starts, so no
// slack is allowed.
func notBefore(t *testing.T, what string, start time.Time, times []time.Time, burst int, every time.Duration) {
	t.Helper()
	for i, at := range times {
		if earliest := start.Add(time.Duration(i-burst+1) * every); at.Before(earliest) {
			t.Errorf("%s: message %d arrived at %v, the pace allows it from %v", what, i+1, at.Sub(start), earliest.Sub(start))
			return
		}
	}
}

// The pacing tests run in a synctest bubble against the fake Bot API
// served in-process: the pace is checked to the tick, in no wall time.

func TestPacingKeepsGlobalAndPerChatLimits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, deps := inProcess(newRecorder())
		cfg := testConfig(srv)
		cfg.GlobalRate, cfg.ChatInterval, cfg.ChatBurst = 100, 200*time.Millisecond, 3
		a := newAdapter(t, cfg, deps)
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
		// 100/s overall is one send every (1s+jitterMargin)/100 = 10.25ms:
		// the k-th message starts exactly k intervals after the first.
		every := (time.Second + 25*time.Millisecond) / 100
		for k, at := range times {
			if got, want := at.Sub(start), time.Duration(k)*every; got != want {
				t.Fatalf("message %d started at %v, want %v (one every %v)", k+1, got, want, every)
			}
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
		// 300 messages at 100/s take three seconds, paced from their
		// starts; pacing one message at a time would take a minute or more.
		if want := 299 * every; elapsed != want {
			t.Errorf("300 messages took %v, want %v (the last one's start)", elapsed, want)
		}
		t.Logf("300 messages to 60 chats in %v; busiest second held %d", elapsed, maxInWindow(times, time.Second))
	})
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

// Two instances share one budget. It is the in-process store here, so the
// test can run on the bubble's clock (Redis is reached over a socket); the
// Redis budget gives the same answers across instances, which the session
// store's contract suite checks on miniredis and real Redis.
func TestSharedBudgetSpansInstances(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, deps := inProcess(newRecorder())
		deps.Budget = sessionstest.NewMemory(t)
		cfg := testConfig(srv)
		cfg.GlobalRate = 20
		first, second := newAdapter(t, cfg, deps), newAdapter(t, cfg, deps)
		start := time.Now()
		var wg sync.WaitGroup
		for i, a := range []*Adapter{first, second} {
			var chats []int64
			for c := int64(0); c < 30; c++ {
				chats = append(chats, int64(i+1)*1000+c)
			}
			wg.Go(func() { sendAll(t, a, chats, 1) })
		}
		wg.Wait()
		elapsed := time.Since(start)
		times := callTimes(srv)
		if len(times) != 60 {
			t.Fatalf("%d calls, want 60", len(times))
		}
		// Alone, each instance would send its 30 in 1.5s (one per 51.25ms);
		// sharing 20/s (a burst of 20, then one per 50ms) the 60th starts
		// exactly 2s after the first.
		notBefore(t, "both instances", start, times, 20, 50*time.Millisecond)
		if last := times[59].Sub(start); last != 2*time.Second || elapsed != last {
			t.Errorf("two instances sent 60 messages in %v, the last at %v; want both 2s: the budget was not shared", elapsed, last)
		}
		t.Logf("two instances sharing 20/s sent 60 messages in %v", elapsed)
	})
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
