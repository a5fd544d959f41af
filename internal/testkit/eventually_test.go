package testkit

import (
	"sync/atomic"
	"testing"
	"time"
)

// Eventually returns as soon as the condition holds, having looked again
// until it did.
func TestEventuallyWaitsForTheCondition(t *testing.T) {
	var n atomic.Int32
	go func() {
		for range 3 {
			time.Sleep(time.Millisecond)
			n.Add(1)
		}
	}()
	Eventually(t, 5*time.Second, "three steps", func() bool { return n.Load() == 3 })
	if n.Load() != 3 {
		t.Fatalf("returned after %d steps, want 3", n.Load())
	}
}

// fatalRecorder records a failure instead of ending the test.
type fatalRecorder struct {
	testing.TB
	failed string
}

func (r *fatalRecorder) Helper() {}
func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.failed = format
	panic(r)
}

// A condition that never holds fails the test once the limit has passed,
// and not before.
func TestEventuallyFailsAfterTheLimit(t *testing.T) {
	r := &fatalRecorder{TB: t}
	start := time.Now()
	func() {
		defer func() {
			if p := recover(); p != r {
				t.Fatalf("want a failure, got %v", p)
			}
		}()
		Eventually(r, 30*time.Millisecond, "never", func() bool { return false })
	}()
	if r.failed == "" {
		t.Fatal("no failure recorded")
	}
	if waited := time.Since(start); waited < 30*time.Millisecond {
		t.Fatalf("gave up after %s, before the 30ms limit", waited)
	}
}
