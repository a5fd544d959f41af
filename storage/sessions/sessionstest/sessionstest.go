package sessionstest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"treembot/storage/sessions"
)

// EnvRedisURL names the variable that points tests at a real Redis.
const EnvRedisURL = "TEST_REDIS_URL"

// connectTimeout bounds connecting to the test Redis.
const connectTimeout = 5 * time.Second

// Backend is one session store under test with the controls the contract
// suite needs.
type Backend struct {
	// Store is the store under test, closed when the test ends.
	Store sessions.Store
	// Advance moves the store's clock forward by d; on real Redis it sleeps.
	Advance func(d time.Duration)
	// Reopen returns a second Store on the same data, as a second bot
	// instance would see it; nil for the in-process store.
	Reopen func(t testing.TB) sessions.Store
	// RealTime is true when time passes for real: keep TTLs short and
	// expect timings to be approximate.
	RealTime bool
	// FakeTime is set by a suite that runs the test inside a
	// testing/synctest bubble (only an InProcess backend can be): lock
	// waits and deadlines are then exact.
	FakeTime bool
	// Prefix is the Redis key prefix of this test ("" for memory).
	Prefix string
	// Server is the miniredis under the store, nil otherwise.
	Server *miniredis.Miniredis
}

// Opener names a kind of backend and opens a fresh one for a test.
type Opener struct {
	// Name is the sub-test name: "memory", "miniredis" or "redis".
	Name string
	// Open starts a fresh, empty backend for t.
	Open func(t testing.TB) *Backend
	// Shared is true when Backend.Reopen gives a second Store on the same
	// data (Redis), so cross-instance behaviour can be tested.
	Shared bool
	// InProcess is true when the backend reaches no socket, so a test may
	// open and use it inside a testing/synctest bubble, whose clock then
	// drives its lock waits and deadlines.
	InProcess bool
}

// Openers lists every backend the contract suite runs on: memory,
// miniredis, and real Redis when TEST_REDIS_URL is set.
func Openers() []Opener {
	openers := []Opener{
		{Name: "memory", Open: OpenMemory, InProcess: true},
		{Name: "miniredis", Open: OpenMiniredis, Shared: true},
	}
	if url := os.Getenv(EnvRedisURL); url != "" {
		openers = append(openers, Opener{Name: "redis", Shared: true, Open: func(t testing.TB) *Backend {
			return OpenRedis(t, url)
		}})
	}
	return openers
}

// New returns a Redis store for t: on TEST_REDIS_URL under a key prefix of
// its own (deleted when t ends), failing t if that Redis is unreachable;
// otherwise on a miniredis whose TTLs run on the wall clock.
func New(t testing.TB) sessions.Store {
	t.Helper()
	if url := os.Getenv(EnvRedisURL); url != "" {
		return OpenRedis(t, url).Store
	}
	m := miniredis.RunT(t)
	m.ClockTTL(true) // expire keys on the wall clock, as a real Redis does
	return openStore(t, "redis://"+m.Addr(), "")
}

// NewMemory returns an in-process store on the wall clock, closed when t
// ends.
func NewMemory(t testing.TB) *sessions.Memory {
	t.Helper()
	m := sessions.NewMemory(time.Now)
	t.Cleanup(func() { _ = m.Close() })
	return m
}

// OpenMemory returns an in-process store on a fake clock.
func OpenMemory(t testing.TB) *Backend {
	t.Helper()
	clock := NewClock(startTime)
	m := sessions.NewMemory(clock.Now)
	t.Cleanup(func() { _ = m.Close() })
	return &Backend{Store: m, Advance: clock.Advance}
}

// OpenMiniredis returns a Redis store (default prefix) on a fresh miniredis
// whose clock, used for TTLs and for TIME in scripts, moves only by Advance.
func OpenMiniredis(t testing.TB) *Backend {
	t.Helper()
	m := miniredis.RunT(t)
	clock := NewClock(startTime)
	m.SetTime(clock.Now())
	m.ClockTTL(true)
	url := "redis://" + m.Addr()
	return &Backend{
		Store: openStore(t, url, ""),
		Advance: func(d time.Duration) {
			clock.Advance(d)
			m.SetTime(clock.Now())
		},
		Reopen: func(t testing.TB) sessions.Store { return openStore(t, url, "") },
		Prefix: sessions.DefaultPrefix,
		Server: m,
	}
}

// OpenRedis returns a store on the Redis at url under a fresh key prefix;
// every key under it is deleted (SCAN) when t ends. It fails t, never
// skips, when that Redis cannot be reached.
func OpenRedis(t testing.TB, url string) *Backend {
	t.Helper()
	prefix := "treembot-test:" + randomHex(t) + ":"
	store := openStore(t, url, prefix)
	t.Cleanup(func() { deleteKeys(t, url, prefix) }) // runs before the store closes
	return &Backend{
		Store:    store,
		Advance:  time.Sleep,
		Reopen:   func(t testing.TB) sessions.Store { return openStore(t, url, prefix) },
		RealTime: true,
		Prefix:   prefix,
	}
}

// startTime is where fake clocks start: a fixed instant, so that runs are
// repeatable.
var startTime = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

// openStore connects a Redis store and closes it when t ends.
func openStore(t testing.TB, url, prefix string) *sessions.Redis {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	store, err := sessions.NewRedis(ctx, sessions.RedisOptions{URL: url, Prefix: prefix})
	if err != nil {
		t.Fatalf("session store on %s (set by %s or miniredis) is unreachable: %v", redactURL(url), EnvRedisURL, err)
	}
	t.Cleanup(func() { _ = store.Close() })
	return store
}

// deleteKeys removes every key under prefix, with its own connection so it
// works whatever the test did to its store.
func deleteKeys(t testing.TB, url, prefix string) {
	t.Helper()
	opts, err := sessions.ParseRedisURL(url)
	if err != nil {
		t.Errorf("clean up redis keys: %v", err)
		return
	}
	client := redis.NewClient(opts)
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	iter := client.Scan(ctx, 0, prefix+"*", 500).Iterator()
	for iter.Next(ctx) {
		if err := client.Del(ctx, iter.Val()).Err(); err != nil {
			t.Errorf("clean up redis key %s: %v", iter.Val(), err)
			return
		}
	}
	if err := iter.Err(); err != nil {
		t.Errorf("clean up redis keys under %s: %v", prefix, err)
	}
}

// randomHex returns 8 random bytes in hex, for key prefixes.
func randomHex(t testing.TB) string {
	t.Helper()
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("random key prefix: %v", err)
	}
	return hex.EncodeToString(b[:])
}
