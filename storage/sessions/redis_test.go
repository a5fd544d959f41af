package sessions_test

import (
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"treembot/storage/sessions"
	"treembot/storage/sessions/sessionstest"
)

func TestParseRedisURLErrorsNameTheVariable(t *testing.T) {
	for _, raw := range []string{
		"",
		"   ",
		"http://127.0.0.1:6379",
		"redis://:hunter2@127.0.0.1:6379/notanumber",
		"redis://:hunter2@127.0.0.1:6379/0/extra",
		"redis://:hunter2@%zz:6379",
		"redis://:hunter2@127.0.0.1:6379/0?max_retries=many",
	} {
		_, err := sessions.ParseRedisURL(raw)
		if err == nil {
			t.Errorf("ParseRedisURL(%q) succeeded, want an error", raw)
			continue
		}
		if !strings.Contains(err.Error(), "REDIS_URL") {
			t.Errorf("ParseRedisURL(%q) = %q; the message must name REDIS_URL", raw, err)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("ParseRedisURL(%q) = %q; the message leaks the password", raw, err)
		}
	}
}

func TestParseRedisURLReadsTheURL(t *testing.T) {
	opts, err := sessions.ParseRedisURL("redis://:pw@10.1.2.3:6380/2")
	if err != nil {
		t.Fatal(err)
	}
	if opts.Addr != "10.1.2.3:6380" || opts.DB != 2 || opts.Password != "pw" {
		t.Errorf("got addr %s db %d password %q", opts.Addr, opts.DB, opts.Password)
	}
	if !opts.ContextTimeoutEnabled {
		t.Error("ctx deadlines are not honoured on reads and writes")
	}
	opts, err = sessions.ParseRedisURL("redis://127.0.0.1:6379/0?max_retries=7")
	if err != nil {
		t.Fatal(err)
	}
	if opts.MaxRetries != 7 {
		t.Errorf("max_retries from the URL = %d, want 7 (the URL wins over our defaults)", opts.MaxRetries)
	}
}

func TestNewRedisUnreachableNamesAddressNotPassword(t *testing.T) {
	addr := blackHole(t)
	_, err := sessions.NewRedis(within(t, 100*time.Millisecond),
		sessions.RedisOptions{URL: "redis://:hunter2@" + addr + "/0"})
	if err == nil {
		t.Fatal("NewRedis succeeded against a server that never answers")
	}
	if !strings.Contains(err.Error(), addr) || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error %q should name %s and not the password", err, addr)
	}
}

// useEverything touches every kind of key the store writes.
func useEverything(t *testing.T, s sessions.Store) {
	t.Helper()
	mustSet(t, s, "chat:1", "x", time.Hour)
	markSeen(t, s, "update:1", time.Hour)
	mustLock(t, s, "chat:1", time.Hour) // left held on purpose, so its key exists
	spend(t, s, "send:all", 1, 10, time.Hour)
}

func TestRedisKeysStayUnderPrefix(t *testing.T) {
	m := miniredis.RunT(t)
	for _, prefix := range []string{"", "bot-a:"} {
		s, err := sessions.NewRedis(t.Context(), sessions.RedisOptions{URL: "redis://" + m.Addr(), Prefix: prefix})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		useEverything(t, s)
	}
	want := map[string]bool{}
	for _, prefix := range []string{sessions.DefaultPrefix, "bot-a:"} {
		for _, k := range []string{"s:chat:1", "seen:update:1", "lock:chat:1", "rate:send:all"} {
			want[prefix+k] = true
		}
	}
	keys := m.Keys()
	for _, k := range keys {
		if !want[k] {
			t.Errorf("unexpected key %q outside the documented layout", k)
		}
	}
	if len(keys) != len(want) {
		t.Errorf("keys = %q, want %d keys, 4 under each prefix", keys, len(want))
	}
}

// TestBudgetKeysExpire: an idle budget must not stay in Redis for ever.
func TestBudgetKeysExpire(t *testing.T) {
	b := sessionstest.OpenMiniredis(t)
	spend(t, b.Store, "send:chat:9", 2, 2, time.Minute)
	key := sessions.DefaultPrefix + "rate:send:chat:9"
	if ttl := b.Server.TTL(key); ttl <= 0 || ttl > time.Minute {
		t.Fatalf("budget key ttl = %s, want in (0, 1m]", ttl)
	}
	b.Advance(time.Minute)
	if b.Server.Exists(key) {
		t.Fatal("budget key still exists after its period of quiet")
	}
}
