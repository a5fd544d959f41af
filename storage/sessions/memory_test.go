package sessions

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeClock is a minimal clock for tests inside the package (sessionstest
// imports this package, so its Clock cannot be used here).
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (m *Memory) size() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sizeLocked()
}

// TestMemoryStaysBounded: a bot that marks a stream of updates seen must
// not grow without bound, even though it never reads old keys again.
func TestMemoryStaysBounded(t *testing.T) {
	clock := &fakeClock{now: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
	m := NewMemory(clock.Now)
	ctx := context.Background()
	const live, rounds = 5000, 10
	for r := range rounds {
		for i := range live {
			key := strconv.Itoa(r*live + i)
			if _, err := m.MarkSeen(ctx, key, time.Second); err != nil {
				t.Fatal(err)
			}
		}
		clock.Advance(2 * time.Second) // this round's keys have all expired
	}
	if got := m.size(); got > 2*live {
		t.Fatalf("store holds %d entries after %d rounds of %d short-lived keys; want at most %d",
			got, rounds, live, 2*live)
	}
}

// TestMemorySweepsOnTheClock: a small store is swept once sweepEvery has
// passed, so expired locks, budgets and values do not linger.
func TestMemorySweepsOnTheClock(t *testing.T) {
	clock := &fakeClock{now: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
	m := NewMemory(clock.Now)
	ctx := context.Background()
	if err := m.Set(ctx, "chat:1", []byte("x"), time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Lock(ctx, "chat:1", time.Second); err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.Allow(ctx, "send:all", 1, time.Second); err != nil {
		t.Fatal(err)
	}
	clock.Advance(sweepEvery)
	if _, err := m.MarkSeen(ctx, "update:1", time.Hour); err != nil {
		t.Fatal(err)
	}
	if got := m.size(); got != 1 {
		t.Fatalf("store holds %d entries after a sweep, want 1 (the live seen key)", got)
	}
}

// TestMemoryCloseWakesLockWaiters: shutting down must not leave a handler
// waiting for a lock until its deadline, nor until its next poll.
func TestMemoryCloseWakesLockWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := NewMemory(nil)
		ctx := context.Background()
		if _, err := m.Lock(ctx, "chat:1", time.Minute); err != nil {
			t.Fatal(err)
		}
		got := make(chan error, 1)
		go func() {
			_, err := m.Lock(ctx, "chat:1", time.Minute) // no deadline: only Close can end it
			got <- err
		}()
		synctest.Wait() // the waiter found the lock held and is waiting
		select {
		case err := <-got:
			t.Fatalf("second Lock of a held key returned %v before Close", err)
		default:
		}
		closed := time.Now()
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
		err := <-got
		if !errors.Is(err, errClosed) {
			t.Fatalf("waiter got %v, want the store-closed error", err)
		}
		if woke := time.Since(closed); woke != 0 {
			t.Fatalf("lock waiter woke %v after Close, want at once", woke)
		}
	})
}

func TestGCRA(t *testing.T) {
	start := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	interval, period := 20*time.Second, time.Minute // 3 a minute
	var tat time.Time
	for i := range 3 {
		var ok bool
		if tat, ok, _ = gcra(start, tat, interval, period); !ok {
			t.Fatalf("event %d of a burst of 3 refused", i+1)
		}
	}
	_, ok, wait := gcra(start.Add(5*time.Second), tat, interval, period)
	if ok || wait != 15*time.Second {
		t.Fatalf("4th event 5s later: ok=%v wait=%s, want refused for 15s", ok, wait)
	}
	if _, ok, _ = gcra(start.Add(20*time.Second), tat, interval, period); !ok {
		t.Fatal("event one interval later refused")
	}
}

func TestEmissionIntervalNeverZero(t *testing.T) {
	if got := emissionInterval(1_000_000, time.Millisecond, time.Microsecond); got != time.Microsecond {
		t.Fatalf("interval = %s, want the 1µs resolution", got)
	}
	if got := emissionInterval(3, time.Second, time.Microsecond); got != 333333*time.Microsecond {
		t.Fatalf("interval = %s, want 333.333ms", got)
	}
}
