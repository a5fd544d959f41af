package sessions

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Lock polling: a waiter wakes at once when a lock is released in this
// process, and otherwise re-checks with growing pauses, so that a lock whose
// ttl ran out on the (possibly fake) clock is noticed without a timer tied
// to wall time.
const (
	lockPollMin = 2 * time.Millisecond
	lockPollMax = 50 * time.Millisecond
)

// Lock waits until key is free (or its holder's ttl has run out), takes it
// for ttl and returns its release function. It gives up with ErrLockTimeout
// (wrapping ctx.Err()) when ctx is done first.
func (m *Memory) Lock(ctx context.Context, key string, ttl time.Duration) (func(), error) {
	if err := checkTTL("lock", ttl); err != nil {
		return nil, err
	}
	wait := lockPollMin
	for {
		token, released, err := m.tryLock(ctx, key, ttl)
		if err != nil {
			return nil, err
		}
		if token != 0 {
			return m.unlocker(key, token), nil
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("lock %q: %w: %w", key, ErrLockTimeout, ctx.Err())
		case <-released:
		case <-timer.C:
		}
		timer.Stop()
		wait = min(2*wait, lockPollMax)
	}
}

// tryLock takes key when it is free and returns the new token; otherwise it
// returns token 0 and the channel that is closed on the next release.
func (m *Memory) tryLock(ctx context.Context, key string, ttl time.Duration) (uint64, <-chan struct{}, error) {
	if err := ctx.Err(); err != nil {
		return 0, nil, fmt.Errorf("lock %q: %w: %w", key, ErrLockTimeout, err)
	}
	now, err := m.begin(ctx)
	if err != nil {
		return 0, nil, fmt.Errorf("lock %q: %w", key, err)
	}
	defer m.mu.Unlock()
	if held, ok := m.locks[key]; ok && now.Before(held.expires) {
		return 0, m.released, nil
	}
	m.token++
	m.locks[key] = memLock{token: m.token, expires: now.Add(ttl)}
	m.maybeSweepLocked(now)
	return m.token, nil, nil
}

// unlocker returns the release function for one acquisition. It frees the
// lock only while this acquisition still holds it: after the ttl ran out
// someone else may hold the key, and their lock must survive.
func (m *Memory) unlocker(key string, token uint64) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			m.mu.Lock()
			defer m.mu.Unlock()
			if m.closed {
				return
			}
			if held, ok := m.locks[key]; ok && held.token == token {
				delete(m.locks, key)
				close(m.released)
				m.released = make(chan struct{})
			}
		})
	}
}

// Allow takes one event from the budget key (limit events per period, a
// burst of limit allowed) and, when refused, says how long to wait.
func (m *Memory) Allow(ctx context.Context, key string, limit int, period time.Duration) (bool, time.Duration, error) {
	if err := checkBudget(limit, period); err != nil {
		return false, 0, err
	}
	now, err := m.begin(ctx)
	if err != nil {
		return false, 0, fmt.Errorf("allow %q: %w", key, err)
	}
	defer m.mu.Unlock()
	interval := emissionInterval(limit, period, time.Nanosecond)
	tat, ok, retryAfter := gcra(now, m.budgets[key], interval, period)
	if ok {
		m.budgets[key] = tat
		m.maybeSweepLocked(now)
	}
	return ok, retryAfter, nil
}
