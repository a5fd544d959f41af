package sessions

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Sweep tuning: a full sweep of expired entries runs when the store has
// doubled since the last sweep (so memory stays within about twice the live
// entries) or when sweepEvery has passed on the injected clock.
const (
	minSweepSize = 1024
	sweepEvery   = time.Minute
)

// Memory is the in-process Store used when no REDIS_URL is configured. It
// serves one bot process only: locks, dedup and budgets are not shared with
// other processes. Expiry is judged against the injected clock.
type Memory struct {
	clock func() time.Time

	mu       sync.Mutex
	values   map[string]memValue
	seen     map[string]time.Time // key → expiry
	locks    map[string]memLock
	budgets  map[string]time.Time // key → GCRA theoretical arrival time
	released chan struct{}        // closed and replaced when a lock is released
	token    uint64               // last lock token handed out
	sweepAt  int                  // entry count that triggers the next sweep
	swept    time.Time            // clock time of the last sweep
	closed   bool
}

// The compiler checks Memory implements Store.
var _ Store = (*Memory)(nil)

type memValue struct {
	data    []byte
	expires time.Time
}

type memLock struct {
	token   uint64
	expires time.Time
}

// NewMemory returns an empty in-process store; clock is its notion of now
// (time.Now when nil), so tests can move time without sleeping.
func NewMemory(clock func() time.Time) *Memory {
	if clock == nil {
		clock = time.Now
	}
	return &Memory{
		clock:    clock,
		values:   map[string]memValue{},
		seen:     map[string]time.Time{},
		locks:    map[string]memLock{},
		budgets:  map[string]time.Time{},
		released: make(chan struct{}),
		sweepAt:  minSweepSize,
		swept:    clock(),
	}
}

// begin locks the store for one operation and returns the current time.
// The caller must unlock m.mu when err is nil.
func (m *Memory) begin(ctx context.Context) (time.Time, error) {
	if err := ctx.Err(); err != nil {
		return time.Time{}, err
	}
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return time.Time{}, errClosed
	}
	return m.clock(), nil
}

// Get returns a copy of the bytes stored under key, or ErrNotFound.
func (m *Memory) Get(ctx context.Context, key string) ([]byte, error) {
	now, err := m.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("get session: %w", err)
	}
	defer m.mu.Unlock()
	v, ok := m.values[key]
	if !ok || !now.Before(v.expires) {
		delete(m.values, key)
		return nil, ErrNotFound
	}
	return append([]byte(nil), v.data...), nil
}

// Set stores a copy of value under key for ttl.
func (m *Memory) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := checkTTL("set session", ttl); err != nil {
		return err
	}
	now, err := m.begin(ctx)
	if err != nil {
		return fmt.Errorf("set session: %w", err)
	}
	defer m.mu.Unlock()
	m.values[key] = memValue{data: append([]byte(nil), value...), expires: now.Add(ttl)}
	m.maybeSweepLocked(now)
	return nil
}

// Delete removes key; an absent key is not an error.
func (m *Memory) Delete(ctx context.Context, key string) error {
	if _, err := m.begin(ctx); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	defer m.mu.Unlock()
	delete(m.values, key)
	return nil
}

// MarkSeen records key for ttl and reports whether it was new.
func (m *Memory) MarkSeen(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if err := checkTTL("mark seen", ttl); err != nil {
		return false, err
	}
	now, err := m.begin(ctx)
	if err != nil {
		return false, fmt.Errorf("mark seen: %w", err)
	}
	defer m.mu.Unlock()
	if expires, ok := m.seen[key]; ok && now.Before(expires) {
		return false, nil
	}
	m.seen[key] = now.Add(ttl)
	m.maybeSweepLocked(now)
	return true, nil
}

// Unmark forgets a seen key so the same update can be handled again.
func (m *Memory) Unmark(ctx context.Context, key string) error {
	if _, err := m.begin(ctx); err != nil {
		return fmt.Errorf("unmark seen: %w", err)
	}
	defer m.mu.Unlock()
	delete(m.seen, key)
	return nil
}

// Ping reports an error only once the store is closed.
func (m *Memory) Ping(ctx context.Context) error {
	if _, err := m.begin(ctx); err != nil {
		return fmt.Errorf("ping session store: %w", err)
	}
	m.mu.Unlock()
	return nil
}

// Close drops every entry; later calls fail. Closing twice is harmless.
func (m *Memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil
	}
	m.closed = true
	m.values, m.seen, m.locks, m.budgets = nil, nil, nil, nil
	close(m.released) // wake lock waiters so they see the store closed
	return nil
}

// size counts every entry the store holds, live or expired.
func (m *Memory) sizeLocked() int {
	return len(m.values) + len(m.seen) + len(m.locks) + len(m.budgets)
}

// maybeSweepLocked runs a full sweep when the store has grown to sweepAt
// entries or sweepEvery has passed. Called after every write, so expired
// entries that nobody reads again cannot pile up without bound.
func (m *Memory) maybeSweepLocked(now time.Time) {
	if m.sizeLocked() < m.sweepAt && now.Sub(m.swept) < sweepEvery {
		return
	}
	for k, v := range m.values {
		if !now.Before(v.expires) {
			delete(m.values, k)
		}
	}
	for k, expires := range m.seen {
		if !now.Before(expires) {
			delete(m.seen, k)
		}
	}
	for k, l := range m.locks {
		if !now.Before(l.expires) {
			delete(m.locks, k)
		}
	}
	for k, tat := range m.budgets {
		if !now.Before(tat) { // a budget whose tat has passed is full again
			delete(m.budgets, k)
		}
	}
	m.swept = now
	m.sweepAt = max(2*m.sizeLocked(), minSweepSize)
}
