package sessions_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"treembot/storage/sessions"
	"treembot/storage/sessions/sessionstest"
)

// contractCase is one behaviour every Store must have.
type contractCase struct {
	name string
	run  func(t *testing.T, b *sessionstest.Backend)
	// shared cases need two Stores on the same data (Redis only).
	shared bool
}

// contractCases lists the suite; it is run on memory, miniredis and, when
// TEST_REDIS_URL is set, on real Redis.
func contractCases() []contractCase {
	return []contractCase{
		{name: "get_set_expiry", run: testGetSetExpiry},
		{name: "values_are_copies", run: testValuesAreCopies},
		{name: "delete", run: testDelete},
		{name: "mark_seen", run: testMarkSeen},
		{name: "rejects_keys_that_never_expire", run: testRejectsForever},
		{name: "closed_store_fails", run: testClosedStoreFails},
		{name: "lock_excludes_until_unlock", run: testLockExcludes},
		{name: "lock_expires_after_ttl", run: testLockExpires},
		{name: "stale_unlock_keeps_new_holder", run: testStaleUnlock},
		{name: "lock_honours_ctx_deadline", run: testLockDeadline},
		{name: "turn_writes_on_release", run: testTurnWritesOnRelease},
		{name: "turn_rejects_keys_that_never_expire", run: testTurnRejectsForever},
		{name: "allow_limit_per_period", run: testAllow},
		{name: "allow_keys_are_independent", run: testAllowKeys},
		{name: "concurrent_lock_protects_counter", run: testConcurrentLock},
		{name: "concurrent_mark_seen_and_allow", run: testConcurrentSeenAllow},
		{name: "two_instances_share_state", run: testTwoInstances, shared: true},
	}
}

func TestContract(t *testing.T) {
	for _, opener := range sessionstest.Openers() {
		t.Run(opener.Name, func(t *testing.T) {
			for _, c := range contractCases() {
				if c.shared && !opener.Shared {
					continue // an in-process store has no second instance
				}
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					if !opener.InProcess {
						c.run(t, opener.Open(t))
						return
					}
					// Lock waits and deadlines then run on the bubble's
					// clock: exact, and in no wall time.
					synctest.Test(t, func(t *testing.T) {
						b := opener.Open(t)
						b.FakeTime = true
						c.run(t, b)
					})
				})
			}
		})
	}
}

// unit is the TTL the suite uses: long on a fake clock (so nothing expires
// by accident), short on real Redis (so the suite does not crawl).
func unit(b *sessionstest.Backend) time.Duration {
	if b.RealTime {
		return 400 * time.Millisecond
	}
	return 10 * time.Second
}

// within returns a context that ends after d, cancelled when t ends.
func within(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

func mustGet(t *testing.T, s sessions.Store, key string) []byte {
	t.Helper()
	got, err := s.Get(t.Context(), key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	return got
}

func mustBeGone(t *testing.T, s sessions.Store, key string) {
	t.Helper()
	got, err := s.Get(t.Context(), key)
	if !errors.Is(err, sessions.ErrNotFound) {
		t.Fatalf("Get(%q) = %q, %v; want ErrNotFound", key, got, err)
	}
}

func mustSet(t *testing.T, s sessions.Store, key, value string, ttl time.Duration) {
	t.Helper()
	if err := s.Set(t.Context(), key, []byte(value), ttl); err != nil {
		t.Fatalf("Set(%q): %v", key, err)
	}
}

func testGetSetExpiry(t *testing.T, b *sessionstest.Backend) {
	ttl := unit(b)
	mustBeGone(t, b.Store, "chat:1")
	mustSet(t, b.Store, "chat:1", "question 3", ttl)
	if got := mustGet(t, b.Store, "chat:1"); string(got) != "question 3" {
		t.Fatalf("Get = %q, want %q", got, "question 3")
	}
	b.Advance(ttl / 2)
	// Saving the conversation again renews its lifetime.
	mustSet(t, b.Store, "chat:1", "question 4", ttl)
	b.Advance(ttl * 3 / 4)
	if got := mustGet(t, b.Store, "chat:1"); string(got) != "question 4" {
		t.Fatalf("after renewal Get = %q, want %q", got, "question 4")
	}
	b.Advance(ttl / 2)
	mustBeGone(t, b.Store, "chat:1")
}

func testValuesAreCopies(t *testing.T, b *sessionstest.Backend) {
	in := []byte("state")
	if err := b.Store.Set(t.Context(), "chat:2", in, unit(b)); err != nil {
		t.Fatal(err)
	}
	in[0] = 'X'
	got := mustGet(t, b.Store, "chat:2")
	got[1] = 'Y'
	if again := mustGet(t, b.Store, "chat:2"); !bytes.Equal(again, []byte("state")) {
		t.Fatalf("stored value changed through a caller's slice: %q", again)
	}
}

func testDelete(t *testing.T, b *sessionstest.Backend) {
	mustSet(t, b.Store, "chat:3", "x", unit(b))
	mustSet(t, b.Store, "chat:4", "y", unit(b))
	if err := b.Store.Delete(t.Context(), "chat:3"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	mustBeGone(t, b.Store, "chat:3")
	if got := mustGet(t, b.Store, "chat:4"); string(got) != "y" {
		t.Fatalf("Delete removed a neighbour: Get(chat:4) = %q", got)
	}
	if err := b.Store.Delete(t.Context(), "chat:3"); err != nil {
		t.Fatalf("Delete of an absent key: %v", err)
	}
}

func markSeen(t *testing.T, s sessions.Store, key string, ttl time.Duration) bool {
	t.Helper()
	isNew, err := s.MarkSeen(t.Context(), key, ttl)
	if err != nil {
		t.Fatalf("MarkSeen(%q): %v", key, err)
	}
	return isNew
}

func testMarkSeen(t *testing.T, b *sessionstest.Backend) {
	ttl := unit(b)
	if !markSeen(t, b.Store, "update:7", ttl) {
		t.Fatal("first MarkSeen = false, want true (new update)")
	}
	if markSeen(t, b.Store, "update:7", ttl) {
		t.Fatal("second MarkSeen = true, want false (duplicate delivery)")
	}
	if !markSeen(t, b.Store, "update:8", ttl) {
		t.Fatal("MarkSeen of another update = false, want true")
	}
	mustBeGone(t, b.Store, "update:7") // dedup keys are not session values
	if err := b.Store.Unmark(t.Context(), "update:7"); err != nil {
		t.Fatalf("Unmark: %v", err)
	}
	if !markSeen(t, b.Store, "update:7", ttl) {
		t.Fatal("MarkSeen after Unmark = false, want true (retry of a failed update)")
	}
	b.Advance(ttl + ttl/4)
	if !markSeen(t, b.Store, "update:8", ttl) {
		t.Fatal("MarkSeen after ttl = false, want true (seen key expired)")
	}
}

func testRejectsForever(t *testing.T, b *sessionstest.Backend) {
	ctx := t.Context()
	if err := b.Store.Set(ctx, "k", []byte("v"), 0); err == nil {
		t.Error("Set with ttl 0 succeeded; want an error (nothing may live forever)")
	}
	if _, err := b.Store.MarkSeen(ctx, "k", -time.Second); err == nil {
		t.Error("MarkSeen with negative ttl succeeded")
	}
	if _, err := b.Store.Lock(ctx, "k", 0); err == nil {
		t.Error("Lock with ttl 0 succeeded")
	}
	if _, _, err := b.Store.Allow(ctx, "k", 0, time.Second); err == nil {
		t.Error("Allow with limit 0 succeeded")
	}
	if _, _, err := b.Store.Allow(ctx, "k", 1, 0); err == nil {
		t.Error("Allow with period 0 succeeded")
	}
}

func testClosedStoreFails(t *testing.T, b *sessionstest.Backend) {
	if err := b.Store.Ping(t.Context()); err != nil {
		t.Fatalf("Ping on an open store: %v", err)
	}
	if err := b.Store.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := b.Store.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := b.Store.Ping(t.Context()); err == nil {
		t.Error("Ping after Close succeeded")
	}
	if _, err := b.Store.Get(t.Context(), "k"); err == nil || errors.Is(err, sessions.ErrNotFound) {
		t.Errorf("Get after Close = %v, want a store error", err)
	}
	if _, err := b.Store.Lock(within(t, time.Second), "k", time.Second); err == nil {
		t.Error("Lock after Close succeeded")
	}
}
