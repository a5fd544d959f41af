package channel

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestWindowAllowsLimitPerPeriod(t *testing.T) {
	t0 := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	w := NewWindow(20, time.Minute)
	var got []time.Time
	for i := 0; i < 45; i++ {
		now := t0.Add(time.Duration(i) * time.Second)
		s, at, _ := w.Take(now)
		if s == nil {
			t.Fatalf("send %d found the window busy though every send had ended", i+1)
		}
		w.Finish(s, at) // an instant send
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
	w := NewWindow(1, time.Second)
	first, _, _ := w.Take(t0)
	// While the first send is in flight, when it arrives is unknown: the
	// next must wait for it to end.
	s, _, busy := w.Take(t0.Add(2 * time.Second))
	if s != nil {
		t.Fatal("a second send was allowed while the first was in flight")
	}
	w.Finish(first, t0.Add(300*time.Millisecond))
	select {
	case <-busy:
	default:
		t.Fatal("the waiting send was not woken when the first ended")
	}
	_, at, _ := w.Take(t0.Add(500 * time.Millisecond))
	if want := t0.Add(1300 * time.Millisecond); !at.Equal(want) {
		t.Errorf("next send at %v, want a full interval after the first ended (%v)", at.Sub(t0), want.Sub(t0))
	}
}

func TestPacerSpacesOneChatAndUsesChatLimit(t *testing.T) {
	p := NewPacer(PacerConfig{Rate: 1000, ChatLimit: func(chat string) (int, time.Duration) {
		if chat == "group" {
			return 20, time.Minute
		}
		return 1, 50 * time.Millisecond
	}})
	if n, per := p.Chat("group").Limit(); n != 20 || per != time.Minute {
		t.Errorf("group window = %d per %v", n, per)
	}
	start := time.Now()
	for i := 0; i < 3; i++ {
		done, err := p.Wait(context.Background(), "private")
		if err != nil {
			t.Fatal(err)
		}
		done()
	}
	if el := time.Since(start); el < 100*time.Millisecond {
		t.Errorf("3 messages to one chat with a 50ms interval took %v", el)
	}
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
	p := NewPacer(PacerConfig{Rate: 10, ChatLimit: func(string) (int, time.Duration) { return 1, time.Hour }})
	done, err := p.Wait(context.Background(), "c")
	if err != nil {
		t.Fatal(err)
	}
	done()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := p.Wait(ctx, "c"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("second message within the hour: err %v, want the deadline", err)
	}
}
