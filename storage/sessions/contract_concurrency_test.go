package sessions_test

import (
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"treembot/storage/sessions"
	"treembot/storage/sessions/sessionstest"
)

// instances returns the Stores a concurrent test spreads its workers over:
// two when the backend can be shared (two bot instances), else one.
func instances(t *testing.T, b *sessionstest.Backend) []sessions.Store {
	if b.Reopen == nil {
		return []sessions.Store{b.Store}
	}
	return []sessions.Store{b.Store, b.Reopen(t)}
}

// testConcurrentLock increments a counter kept in the store itself under
// the lock: a lost update means two holders were inside at once.
func testConcurrentLock(t *testing.T, b *sessionstest.Backend) {
	const workers, rounds = 8, 10
	stores := instances(t, b)
	mustSet(t, b.Store, "counter", "0", time.Hour)
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds)
	for w := range workers {
		s := stores[w%len(stores)]
		wg.Go(func() {
			for range rounds {
				if err := increment(t, s); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := string(mustGet(t, b.Store, "counter")); got != strconv.Itoa(workers*rounds) {
		t.Fatalf("counter = %s after %d locked increments: the lock let two holders in", got, workers*rounds)
	}
}

func increment(t *testing.T, s sessions.Store) error {
	ctx := within(t, 20*time.Second)
	unlock, err := s.Lock(ctx, "counter", holdTTL)
	if err != nil {
		return err
	}
	defer unlock()
	raw, err := s.Get(ctx, "counter")
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(string(raw))
	if err != nil {
		return err
	}
	return s.Set(ctx, "counter", []byte(strconv.Itoa(n+1)), time.Hour)
}

// testConcurrentSeenAllow races many workers on one update id and one
// budget: exactly one handles the update, exactly limit events go out.
func testConcurrentSeenAllow(t *testing.T, b *sessionstest.Backend) {
	const workers, limit = 16, 10
	stores := instances(t, b)
	var fresh, allowed atomic.Int32
	var wg sync.WaitGroup
	for w := range workers {
		s := stores[w%len(stores)]
		wg.Go(func() {
			if isNew, err := s.MarkSeen(t.Context(), "update:1", time.Hour); err != nil {
				t.Error(err)
			} else if isNew {
				fresh.Add(1)
			}
			for range 2 {
				if ok, _, err := s.Allow(t.Context(), "send:all", limit, time.Hour); err != nil {
					t.Error(err)
				} else if ok {
					allowed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if got := fresh.Load(); got != 1 {
		t.Errorf("%d workers saw the same update as new, want exactly 1", got)
	}
	if got := allowed.Load(); got != limit {
		t.Errorf("%d of %d sends allowed under a limit of %d", got, 2*workers, limit)
	}
}

// testTwoInstances checks what two bot instances on one Redis rely on.
func testTwoInstances(t *testing.T, b *sessionstest.Backend) {
	other := b.Reopen(t)
	mustSet(t, b.Store, "chat:1", "q2", unit(b))
	if got := mustGet(t, other, "chat:1"); string(got) != "q2" {
		t.Fatalf("second instance reads %q, want %q", got, "q2")
	}
	if !markSeen(t, b.Store, "update:1", unit(b)) || markSeen(t, other, "update:1", unit(b)) {
		t.Fatal("an update delivered to both instances was handled twice")
	}
	unlock := mustLock(t, b.Store, "chat:1", holdTTL)
	mustWait(t, other, "chat:1")
	unlock()
	mustLock(t, other, "chat:1", holdTTL)()

	const limit = 4
	spend(t, b.Store, "send:all", 2, limit, time.Hour)
	spend(t, other, "send:all", 2, limit, time.Hour)
	mustRefuse(t, b, b.Store, "send:all", limit, time.Hour)
	mustRefuse(t, b, other, "send:all", limit, time.Hour)
}
