package sessions_test

import (
	"errors"
	"testing"
	"time"

	"treembot/storage/sessions"
	"treembot/storage/sessions/sessionstest"
)

func mustTurn(t *testing.T, s sessions.Store, key string, keys ...string) *sessions.Turn {
	t.Helper()
	turn, err := sessions.LockTurn(within(t, 5*time.Second), s, key, holdTTL, keys...)
	if err != nil {
		t.Fatalf("LockTurn(%q): %v", key, err)
	}
	return turn
}

func turnGet(t *testing.T, turn *sessions.Turn, key string) string {
	t.Helper()
	got, err := turn.Get(t.Context(), key)
	if errors.Is(err, sessions.ErrNotFound) {
		return "<absent>"
	} else if err != nil {
		t.Fatalf("turn Get(%q): %v", key, err)
	}
	return string(got)
}

// A turn holds the chat's lock, reads what was there when it took it,
// and what it writes is seen by others only once it releases the lock,
// all together: the next holder sees every write.
func testTurnWritesOnRelease(t *testing.T, b *sessionstest.Backend) {
	ttl := unit(b)
	mustSet(t, b.Store, "conv:1", "question 1", ttl)
	mustSet(t, b.Store, "other", "kept", ttl)
	turn := mustTurn(t, b.Store, "chat:1", "conv:1", "done:7")
	if got := turnGet(t, turn, "conv:1"); got != "question 1" {
		t.Errorf("conv:1 = %q under the lock, want question 1", got)
	}
	if got := turnGet(t, turn, "done:7"); got != "<absent>" {
		t.Errorf("done:7 = %q, want absent", got)
	}
	if got := turnGet(t, turn, "other"); got != "kept" {
		t.Errorf("a key not read with the lock = %q, want kept", got)
	}
	mustWait(t, b.Store, "chat:1")

	for _, err := range []error{turn.Set(t.Context(), "conv:1", []byte("question 2"), ttl),
		turn.Set(t.Context(), "done:7", []byte("1"), ttl), turn.Delete(t.Context(), "other")} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := turnGet(t, turn, "conv:1"); got != "question 2" {
		t.Errorf("the turn reads conv:1 = %q after writing it, want question 2", got)
	}
	if got := turnGet(t, turn, "other"); got != "<absent>" {
		t.Errorf("the turn reads other = %q after deleting it", got)
	}
	if got := string(mustGet(t, b.Store, "conv:1")); got != "question 1" {
		t.Errorf("others read conv:1 = %q before the release, want question 1", got)
	}
	if err := turn.Release(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := turn.Release(t.Context()); err != nil {
		t.Errorf("second release: %v", err)
	}
	next := mustTurn(t, b.Store, "chat:1", "conv:1", "done:7") // the lock is free
	defer func() { _ = next.Release(t.Context()) }()
	if got := turnGet(t, next, "conv:1") + "/" + turnGet(t, next, "done:7"); got != "question 2/1" {
		t.Errorf("the next turn reads %q, want both writes", got)
	}
	mustBeGone(t, b.Store, "other")
}

// A write that would never expire is refused when made, not at release.
func testTurnRejectsForever(t *testing.T, b *sessionstest.Backend) {
	turn := mustTurn(t, b.Store, "chat:2")
	if err := turn.Set(t.Context(), "k", []byte("v"), 0); err == nil {
		t.Error("a turn accepted a key that never expires")
	}
	if err := turn.Release(t.Context()); err != nil {
		t.Fatal(err)
	}
	mustLock(t, b.Store, "chat:2", holdTTL)()
	mustBeGone(t, b.Store, "k")
}
