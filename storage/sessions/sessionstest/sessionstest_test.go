package sessionstest

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"treembot/storage/sessions"
)

// TestOpenRedisDeletesItsKeys: a test on a shared Redis leaves nothing
// behind, and touches nothing outside its own prefix.
func TestOpenRedisDeletesItsKeys(t *testing.T) {
	m := miniredis.RunT(t)
	if err := m.Set("someone-else:chat:1", "keep me"); err != nil {
		t.Fatal(err)
	}
	var prefix string
	t.Run("user", func(t *testing.T) {
		b := OpenRedis(t, "redis://"+m.Addr())
		prefix = b.Prefix
		for i := range 1200 { // more than one SCAN page
			if err := b.Store.Set(t.Context(), fmt.Sprint("chat:", i), []byte("x"), time.Hour); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := b.Reopen(t).MarkSeen(t.Context(), "update:1", time.Hour); err != nil {
			t.Fatal(err)
		}
	})
	if !strings.HasPrefix(prefix, "treembot-test:") {
		t.Fatalf("prefix %q is not a test prefix", prefix)
	}
	if keys := m.Keys(); len(keys) != 1 || keys[0] != "someone-else:chat:1" {
		t.Fatalf("after cleanup Redis holds %d keys (%.3q…), want only someone-else:chat:1", len(keys), keys)
	}
}

// TestOpenRedisFailsWhenUnreachable: a configured but dead TEST_REDIS_URL
// fails the test; it never quietly falls back or skips.
func TestOpenRedisFailsWhenUnreachable(t *testing.T) {
	m := miniredis.RunT(t)
	addr := m.Addr()
	url := "redis://:hunter2@" + addr
	m.Close()
	msg := runFatal(t, func(tb testing.TB) { OpenRedis(tb, url) })
	if !strings.Contains(msg, EnvRedisURL) || !strings.Contains(msg, addr) {
		t.Errorf("failure %q should name %s and the address", msg, EnvRedisURL)
	}
	if strings.Contains(msg, "hunter2") {
		t.Errorf("failure %q leaks the password", msg)
	}
}

func TestNewFollowsTestRedisURL(t *testing.T) {
	m := miniredis.RunT(t)
	t.Setenv(EnvRedisURL, "redis://"+m.Addr())
	t.Run("user", func(t *testing.T) {
		s := New(t)
		if err := s.Set(t.Context(), "chat:1", []byte("x"), time.Hour); err != nil {
			t.Fatal(err)
		}
		if len(m.Keys()) != 1 {
			t.Fatalf("New did not use the Redis named by %s: it holds %q", EnvRedisURL, m.Keys())
		}
	})

	m.Close()
	if msg := runFatal(t, func(tb testing.TB) { New(tb) }); msg == "" {
		t.Fatal("New on an unreachable TEST_REDIS_URL did not fail")
	}
}

func TestNewWithoutTestRedisURLUsesMiniredis(t *testing.T) {
	t.Setenv(EnvRedisURL, "")
	s := New(t)
	if err := s.Set(t.Context(), "chat:1", []byte("x"), 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(t.Context(), "chat:1"); err != nil {
		t.Fatalf("Get right after Set: %v", err)
	}
	time.Sleep(80 * time.Millisecond)
	if _, err := s.Get(t.Context(), "chat:1"); !errors.Is(err, sessions.ErrNotFound) {
		t.Fatalf("Get after the ttl on the wall clock = %v, want ErrNotFound", err)
	}
}

func TestNewMemoryClosesWithTheTest(t *testing.T) {
	var m *sessions.Memory
	t.Run("user", func(t *testing.T) { m = NewMemory(t) })
	if err := m.Ping(t.Context()); err == nil {
		t.Fatal("memory store still open after its test ended")
	}
}

// fatalTB records a Fatal instead of failing the real test.
type fatalTB struct {
	testing.TB
	msg      string
	cleanups []func()
}

func (f *fatalTB) Helper()               {}
func (f *fatalTB) Cleanup(fn func())     { f.cleanups = append(f.cleanups, fn) }
func (f *fatalTB) Errorf(string, ...any) {}
func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// runFatal runs fn with a fake TB and returns the message it failed with
// ("" if it did not fail).
func runFatal(t *testing.T, fn func(tb testing.TB)) string {
	f := &fatalTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
	return f.msg
}
