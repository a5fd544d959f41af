package sessions_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"treembot/storage/sessions"
	"treembot/storage/sessions/sessionstest"
)

// holdTTL is a lock ttl longer than any test, for locks that must not
// expire by themselves.
const holdTTL = time.Minute

func mustLock(t *testing.T, s sessions.Store, key string, ttl time.Duration) func() {
	t.Helper()
	unlock, err := s.Lock(within(t, 5*time.Second), key, ttl)
	if err != nil {
		t.Fatalf("Lock(%q): %v", key, err)
	}
	return unlock
}

// mustWait asserts that key stays locked for a short while.
func mustWait(t *testing.T, s sessions.Store, key string) {
	t.Helper()
	unlock, err := s.Lock(within(t, 60*time.Millisecond), key, holdTTL)
	if err == nil {
		unlock()
		t.Fatalf("Lock(%q) succeeded while another holder has it", key)
	}
	if !errors.Is(err, sessions.ErrLockTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Lock(%q) = %v; want ErrLockTimeout wrapping DeadlineExceeded", key, err)
	}
}

func testLockExcludes(t *testing.T, b *sessionstest.Backend) {
	unlock := mustLock(t, b.Store, "chat:1", holdTTL)
	mustWait(t, b.Store, "chat:1")
	mustLock(t, b.Store, "chat:2", holdTTL)() // other chats are not held up

	// The second locker checks, whenever it gets through, that the first
	// has unlocked: that covers the whole hold, not a window of it.
	var unlocked atomic.Bool
	got := make(chan error, 1)
	go func() {
		second, err := b.Store.Lock(within(t, 5*time.Second), "chat:1", holdTTL)
		if err == nil {
			if !unlocked.Load() {
				err = errors.New("second locker got through before unlock")
			}
			second()
		}
		got <- err
	}()
	time.Sleep(40 * time.Millisecond) // the second locker is waiting by then
	unlocked.Store(true)
	at := time.Now()
	unlock()
	unlock() // releasing twice is harmless
	select {
	case err := <-got:
		if err != nil {
			t.Fatalf("second locker after unlock: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("second locker still waiting 3s after unlock")
	}
	// In one process the release wakes the waiter itself, not its next poll.
	if woke := time.Since(at); b.FakeTime && woke != 0 {
		t.Fatalf("second locker got through %v after unlock, want at once", woke)
	}
}

func testLockExpires(t *testing.T, b *sessionstest.Backend) {
	ttl := unit(b)
	_ = mustLock(t, b.Store, "chat:1", ttl) // a holder that crashed and never unlocks
	mustWait(t, b.Store, "chat:1")
	b.Advance(ttl + ttl/4)
	mustLock(t, b.Store, "chat:1", holdTTL)()
}

func testStaleUnlock(t *testing.T, b *sessionstest.Backend) {
	ttl := unit(b)
	slow := mustLock(t, b.Store, "chat:1", ttl)
	b.Advance(ttl + ttl/4) // the slow holder overran its ttl
	fresh := mustLock(t, b.Store, "chat:1", holdTTL)
	slow() // must not free the fresh holder's lock
	mustWait(t, b.Store, "chat:1")
	fresh()
	mustLock(t, b.Store, "chat:1", holdTTL)()
}

func testLockDeadline(t *testing.T, b *sessionstest.Backend) {
	defer mustLock(t, b.Store, "chat:1", holdTTL)()
	const deadline = 150 * time.Millisecond
	start := time.Now()
	_, err := b.Store.Lock(within(t, deadline), "chat:1", holdTTL)
	elapsed := time.Since(start)
	if !errors.Is(err, sessions.ErrLockTimeout) {
		t.Fatalf("Lock on a held key = %v, want ErrLockTimeout", err)
	}
	if elapsed < deadline || elapsed > deadline+500*time.Millisecond {
		t.Fatalf("Lock gave up after %s, want about %s", elapsed, deadline)
	}
	if b.FakeTime && elapsed != deadline {
		t.Fatalf("Lock gave up after %s on a fake clock, want exactly at its %s deadline", elapsed, deadline)
	}

	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = b.Store.Lock(cancelled, "chat:2", holdTTL)
	if !errors.Is(err, sessions.ErrLockTimeout) || !errors.Is(err, context.Canceled) {
		t.Fatalf("Lock with a cancelled ctx = %v, want ErrLockTimeout wrapping Canceled", err)
	}
}
