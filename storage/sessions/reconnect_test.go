package sessions_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"treembot/internal/testkit"
	"treembot/storage/sessions"
	"treembot/storage/sessions/sessionstest"
)

// storeCalls exercises every Store method once.
func storeCalls(s sessions.Store) map[string]func(ctx context.Context) error {
	return map[string]func(ctx context.Context) error{
		"Get":    func(ctx context.Context) error { _, err := s.Get(ctx, "chat:1"); return err },
		"Set":    func(ctx context.Context) error { return s.Set(ctx, "chat:1", []byte("x"), time.Hour) },
		"Delete": func(ctx context.Context) error { return s.Delete(ctx, "chat:2") },
		"MarkSeen": func(ctx context.Context) error {
			_, err := s.MarkSeen(ctx, "update:1", time.Hour)
			return err
		},
		"Unmark": func(ctx context.Context) error { return s.Unmark(ctx, "update:1") },
		"Lock": func(ctx context.Context) error {
			unlock, err := s.Lock(ctx, "chat:1", time.Minute)
			if err == nil {
				unlock()
			}
			return err
		},
		"Allow": func(ctx context.Context) error {
			_, _, err := s.Allow(ctx, "send:all", 10, time.Second)
			return err
		},
		"Ping": func(ctx context.Context) error { return s.Ping(ctx) },
	}
}

// TestRedisOutageFailsThenRecovers: while Redis is down every call returns
// an error promptly (never a panic, never a hang, never a false "not
// found" that would restart a user's form, never a "chat busy"); once Redis
// is back, go-redis reconnects and the same Store works again.
func TestRedisOutageFailsThenRecovers(t *testing.T) {
	b := sessionstest.OpenMiniredis(t)
	mustSet(t, b.Store, "chat:1", "question 5", time.Hour)

	b.Server.Close()
	for name, call := range storeCalls(b.Store) {
		start := time.Now()
		err := call(within(t, 5*time.Second))
		if err == nil {
			t.Errorf("%s during an outage succeeded", name)
		}
		if errors.Is(err, sessions.ErrNotFound) || errors.Is(err, sessions.ErrLockTimeout) {
			t.Errorf("%s during an outage = %v; an outage must look like an outage", name, err)
		}
		// Failing fast, well before the ctx's 5 s end, lets the bot answer
		// the user at once instead of after its whole deadline. (About
		// 200 ms when the machine is quiet; the margin is for loaded CI.)
		if elapsed := time.Since(start); elapsed > 2500*time.Millisecond {
			t.Errorf("%s during an outage took %s, want well under the 5s deadline", name, elapsed)
		}
	}

	if err := b.Server.Restart(); err != nil {
		t.Fatalf("restart miniredis: %v", err)
	}
	testkit.Eventually(t, 3*time.Second, "the store answering again", func() bool { return b.Store.Ping(t.Context()) == nil })
	for name, call := range storeCalls(b.Store) {
		if err := call(within(t, time.Second)); err != nil {
			t.Errorf("%s after Redis came back: %v", name, err)
		}
	}
}

// TestStalledRedisHonoursCtx: a Redis that accepts connections but never
// answers must not hold the caller past its deadline.
func TestStalledRedisHonoursCtx(t *testing.T) {
	addr := blackHole(t)
	start := time.Now()
	_, err := sessions.NewRedis(within(t, 200*time.Millisecond), sessions.RedisOptions{URL: "redis://" + addr})
	elapsed := time.Since(start)
	if err == nil {
		t.Fatal("NewRedis on a silent server succeeded")
	}
	if !strings.Contains(err.Error(), addr) {
		t.Errorf("error %q does not name the address %s", err, addr)
	}
	if elapsed > time.Second {
		t.Fatalf("NewRedis on a silent server took %s, past its 200ms ctx", elapsed)
	}
}

// blackHole listens on loopback, accepts connections and never answers.
func blackHole(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				for _, c := range conns {
					_ = c.Close()
				}
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() { _ = ln.Close(); <-done })
	return ln.Addr().String()
}
