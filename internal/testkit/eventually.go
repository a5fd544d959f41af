package testkit

import (
	"testing"
	"time"
)

// poll is how often Eventually looks again: short next to the limits tests
// give, long enough not to starve the code under test of the two cores.
const poll = 5 * time.Millisecond

// Eventually waits until cond holds, looking every few milliseconds, and
// fails the test naming what it waited for when limit passes first. cond
// runs on the test's goroutine, so it may itself call t.Fatal.
func Eventually(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(poll)
	}
}
