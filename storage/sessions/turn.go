package sessions

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Turn is the session store as one update sees it while it holds its
// chat's lock: the keys named to LockTurn were read when the lock was
// taken, and every write is held until Release, which applies them and
// frees the lock. On Redis each end is one round trip instead of one per
// call. Reading a key written during the turn returns the written value.
// A Turn is used by one goroutine.
type Turn struct {
	store   Store
	fetched map[string][]byte // nil value: absent when the lock was taken
	writes  []Write
	release func(ctx context.Context, writes []Write) error
	done    bool
}

// Write is one change a Turn applies on Release: a Set for TTL, or a
// Delete when Delete is true.
type Write struct {
	Key    string
	Value  []byte
	TTL    time.Duration
	Delete bool
}

// TurnLocker is a Store that takes a lock and reads keys in one round
// trip, and applies writes and frees the lock in another (Redis).
type TurnLocker interface {
	// LockTurn waits as Lock does for key, then returns the values of
	// keys as they were once it held the lock (nil: absent), and the
	// function that applies writes in order and releases the lock.
	LockTurn(ctx context.Context, key string, ttl time.Duration, keys []string) (values [][]byte,
		release func(ctx context.Context, writes []Write) error, err error)
}

// LockTurn takes the lock key on s for ttl (waiting as Lock does) with
// keys read under it. A store that is not a TurnLocker gets the same
// with one call per key.
func LockTurn(ctx context.Context, s Store, key string, ttl time.Duration, keys ...string) (*Turn, error) {
	t := &Turn{store: s, fetched: make(map[string][]byte, len(keys))}
	var values [][]byte
	var err error
	if tl, ok := s.(TurnLocker); ok {
		values, t.release, err = tl.LockTurn(ctx, key, ttl, keys)
	} else {
		values, t.release, err = lockThenGet(ctx, s, key, ttl, keys)
	}
	if err != nil {
		return nil, err
	}
	for i, k := range keys {
		t.fetched[k] = values[i]
	}
	return t, nil
}

// lockThenGet is LockTurn on any Store.
func lockThenGet(ctx context.Context, s Store, key string, ttl time.Duration, keys []string) ([][]byte,
	func(context.Context, []Write) error, error,
) {
	unlock, err := s.Lock(ctx, key, ttl)
	if err != nil {
		return nil, nil, err
	}
	values := make([][]byte, len(keys))
	for i, k := range keys {
		v, err := s.Get(ctx, k)
		switch {
		case err == nil:
			values[i] = v
		case !errors.Is(err, ErrNotFound):
			unlock()
			return nil, nil, err
		}
	}
	return values, func(ctx context.Context, writes []Write) error {
		defer unlock()
		for _, w := range writes {
			if err := applyWrite(ctx, s, w); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

func applyWrite(ctx context.Context, s Store, w Write) error {
	if w.Delete {
		return s.Delete(ctx, w.Key)
	}
	return s.Set(ctx, w.Key, w.Value, w.TTL)
}

// Get returns key's value: written during the turn, read with the lock,
// or else read now.
func (t *Turn) Get(ctx context.Context, key string) ([]byte, error) {
	for i := len(t.writes) - 1; i >= 0; i-- {
		if w := t.writes[i]; w.Key == key {
			if w.Delete {
				return nil, ErrNotFound
			}
			return append([]byte(nil), w.Value...), nil
		}
	}
	if v, ok := t.fetched[key]; ok {
		if v == nil {
			return nil, ErrNotFound
		}
		return append([]byte(nil), v...), nil
	}
	return t.store.Get(ctx, key)
}

// Set holds a write of value under key for ttl until Release.
func (t *Turn) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	if err := checkTTL("set session", ttl); err != nil {
		return err
	}
	t.writes = append(t.writes, Write{Key: key, Value: append([]byte(nil), value...), TTL: ttl})
	return nil
}

// Delete holds the removal of key until Release.
func (t *Turn) Delete(_ context.Context, key string) error {
	t.writes = append(t.writes, Write{Key: key, Delete: true})
	return nil
}

// Release applies the turn's writes and frees the lock, even when ctx is
// done (bounded by unlockTimeout); a failed write is returned (the lock
// still expires after its ttl). Releasing twice does nothing.
func (t *Turn) Release(ctx context.Context) error {
	if t.done {
		return nil
	}
	t.done = true
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), unlockTimeout)
	defer cancel()
	if err := t.release(ctx, t.writes); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	return nil
}
