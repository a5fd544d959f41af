package sessions_test

import (
	"testing"
	"time"

	"treembot/storage/sessions"
	"treembot/storage/sessions/sessionstest"
)

func allow(t *testing.T, s sessions.Store, key string, limit int, period time.Duration) (bool, time.Duration) {
	t.Helper()
	ok, retryAfter, err := s.Allow(t.Context(), key, limit, period)
	if err != nil {
		t.Fatalf("Allow(%q): %v", key, err)
	}
	return ok, retryAfter
}

// spend takes n events from a budget and fails unless all are allowed.
func spend(t *testing.T, s sessions.Store, key string, n, limit int, period time.Duration) {
	t.Helper()
	for i := range n {
		if ok, _ := allow(t, s, key, limit, period); !ok {
			t.Fatalf("event %d of %d refused, within the limit of %d", i+1, n, limit)
		}
	}
}

// mustRefuse asserts the budget is spent and returns the wait it asks for,
// which must be positive and at most one event's spacing.
func mustRefuse(t *testing.T, b *sessionstest.Backend, s sessions.Store, key string, limit int, period time.Duration) time.Duration {
	t.Helper()
	ok, retryAfter := allow(t, s, key, limit, period)
	if ok {
		t.Fatalf("Allow(%q) over the limit of %d per %s was allowed", key, limit, period)
	}
	spacing := period / time.Duration(limit)
	if retryAfter <= 0 || retryAfter > spacing {
		t.Fatalf("retryAfter = %s, want in (0, %s]", retryAfter, spacing)
	}
	if !b.RealTime && retryAfter != spacing {
		t.Fatalf("retryAfter = %s on a stopped clock, want exactly %s", retryAfter, spacing)
	}
	return retryAfter
}

func testAllow(t *testing.T, b *sessionstest.Backend) {
	const limit = 3
	period := 3 * unit(b)
	spend(t, b.Store, "send:all", limit, limit, period)
	retryAfter := mustRefuse(t, b, b.Store, "send:all", limit, period)
	if b.RealTime {
		retryAfter += 5 * time.Millisecond // sleeping is never exact
	}
	b.Advance(retryAfter)
	spend(t, b.Store, "send:all", 1, limit, period) // one event's worth came back
	mustRefuse(t, b, b.Store, "send:all", limit, period)
	b.Advance(period)
	spend(t, b.Store, "send:all", limit, limit, period) // a full burst after a quiet period
}

func testAllowKeys(t *testing.T, b *sessionstest.Backend) {
	spend(t, b.Store, "send:chat:1", 1, 1, time.Hour)
	mustRefuse(t, b, b.Store, "send:chat:1", 1, time.Hour)
	spend(t, b.Store, "send:chat:2", 1, 1, time.Hour) // another chat has its own budget
}
