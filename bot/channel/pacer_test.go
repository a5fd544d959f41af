package channel

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

var t0 = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

func TestBucketAllowsABurstThenTheSteadyRate(t *testing.T) {
	b := NewBucket(3, time.Second, 2)
	var waits []time.Duration
	for i := 0; i < 5; i++ {
		w, ok := b.Reserve(t0, Interactive)
		if !ok {
			t.Fatalf("interactive send %d refused", i+1)
		}
		waits = append(waits, w)
	}
	want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second}
	if !slices.Equal(waits, want) {
		t.Errorf("five replies at once wait %v, want %v (a burst of 3, then 1/s)", waits, want)
	}
}

func TestBulkSendsLeaveTheBurstToThePerson(t *testing.T) {
	b := NewBucket(3, time.Second, 3)
	if _, ok := b.Reserve(t0, Bulk); !ok {
		t.Fatal("a bulk send to an idle chat was refused")
	}
	w, ok := b.Reserve(t0, Bulk)
	if ok || w != time.Second {
		t.Errorf("second bulk send at once: ok=%v wait %v, want refused for 1s", ok, w)
	}
	for i := 0; i < 2; i++ {
		if w, _ := b.Reserve(t0, Interactive); w != 0 {
			t.Errorf("reply %d after a reminder waits %v, want 0", i+1, w)
		}
	}
}

func TestBulkReachesTheFullRateFromStartTimes(t *testing.T) {
	b := NewBucket(1, time.Second/30, 0)
	now, sent, end := t0, 0, t0.Add(10*time.Second)
	for now.Before(end) {
		w, ok := b.Reserve(now, Bulk)
		if ok && now.Add(w).Before(end) { // counted by when it starts
			sent++
		}
		now = now.Add(w)
	}
	if sent < 300 || sent > 301 {
		t.Errorf("%d bulk sends in 10s at 30/s, want 300", sent)
	}
}

func TestLateSleepsDoNotSlowBulkSends(t *testing.T) {
	b := NewBucket(1, time.Second/30, 0)
	now, sent, end := t0, 0, t0.Add(10*time.Second)
	for now.Before(end) {
		w, ok := b.Reserve(now, Bulk)
		if ok && now.Add(w).Before(end) {
			sent++
		}
		now = now.Add(w + time.Millisecond) // every sleep ends 1ms late
	}
	if sent < 299 {
		t.Errorf("%d bulk sends in 10s at 30/s with late sleeps, want 300", sent)
	}
}

func TestRepliesGoAheadOfBulkSends(t *testing.T) {
	every := time.Second / 30
	b := NewBucket(1, every, 0)
	b.Reserve(t0, Bulk)
	if w, ok := b.Reserve(t0, Bulk); !ok || w != every {
		t.Fatalf("bulk send right after another: ok=%v wait %v, want one reserved an interval ahead", ok, w)
	}
	if _, ok := b.Reserve(t0, Bulk); ok {
		t.Fatal("a third bulk send reserved further ahead")
	}
	// A reply arriving now waits behind the one bulk reservation only…
	if w, _ := b.Reserve(t0, Interactive); w != 2*every {
		t.Errorf("reply waits %v, want two intervals", w)
	}
	// …and the bulk sends, asking again then, come after it.
	if _, ok := b.Reserve(t0.Add(every), Bulk); ok {
		t.Error("a bulk send went ahead of the reply's token")
	}
}

func TestPauseHoldsEverySend(t *testing.T) {
	b := NewBucket(3, time.Second, 0)
	b.Pause(t0, 5*time.Second)
	if w, _ := b.Reserve(t0.Add(time.Second), Interactive); w != 4*time.Second {
		t.Errorf("reply during retry_after waits %v, want the 4s left", w)
	}
}

func TestPacerSpacesOneChatAndUsesChatLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPacer(PacerConfig{Rate: 1000, ChatLimit: func(chat string) (int, time.Duration) {
			if chat == "group" {
				return 3, 3 * time.Second
			}
			return 1, 50 * time.Millisecond
		}})
		if n, per := p.Chat("group").Limit(); n != 3 || per != 3*time.Second {
			t.Errorf("group bucket = %d every %v", n, per)
		}
		// On the bubble's clock the pace is exact: one message to the chat
		// every 50ms from the first.
		start := time.Now()
		for i := 0; i < 3; i++ {
			done, err := p.Wait(context.Background(), "private")
			if err != nil {
				t.Fatal(err)
			}
			done()
			if at, want := time.Since(start), time.Duration(i)*50*time.Millisecond; at != want {
				t.Errorf("message %d to one chat with a 50ms interval started at %v, want %v", i+1, at, want)
			}
		}
	})
}

// failingBudget is a shared budget whose store is down.
type failingBudget struct{}

func (failingBudget) Allow(context.Context, string, int, time.Duration) (bool, time.Duration, error) {
	return false, 0, errors.New("redis: connection refused")
}

func TestPacerKeepsSendingWhenTheBudgetIsDown(t *testing.T) {
	p := NewPacer(PacerConfig{Rate: 10, Budget: failingBudget{}, BudgetKey: "k"})
	done, err := p.Wait(context.Background(), "c")
	if err != nil {
		t.Fatalf("a budget outage stopped delivery: %v", err)
	}
	done()
}

func TestPacerGivesUpWhenCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPacer(PacerConfig{Rate: 10, ChatLimit: func(string) (int, time.Duration) { return 1, time.Hour }})
		done, err := p.Wait(context.Background(), "c")
		if err != nil {
			t.Fatal(err)
		}
		done()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		start := time.Now()
		if _, err := p.Wait(ctx, "c"); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("second message within the hour: err %v, want the deadline", err)
		}
		if waited := time.Since(start); waited != 20*time.Millisecond {
			t.Errorf("the cancelled wait returned after %v, want at its 20ms deadline", waited)
		}
	})
}

func TestRefusalsOfTwoChatsPauseTheWholeBot(t *testing.T) {
	now := t0
	p := NewPacer(PacerConfig{Rate: 30, Clock: func() time.Time { return now }})
	p.Refused("a", 3*time.Second)
	if w, _ := p.global.Reserve(now, Interactive); w != 0 {
		t.Errorf("one chat's 429 held the whole bot for %v", w)
	}
	if w, _ := p.Chat("a").Reserve(now, Interactive); w != 3*time.Second {
		t.Errorf("the refused chat waits %v, want its retry_after of 3s", w)
	}
	p.Refused("b", 3*time.Second)
	if w, _ := p.global.Reserve(now, Interactive); w != 3*time.Second {
		t.Errorf("two chats refused at once: the bot waits %v, want 3s", w)
	}
}
