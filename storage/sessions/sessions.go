package sessions

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by Get when the key is absent or expired.
var ErrNotFound = errors.New("session not found")

// ErrLockTimeout is returned by Lock when the lock stays taken past ctx.
var ErrLockTimeout = errors.New("lock not acquired")

// Store is the session store.
type Store interface {
	// Get returns the bytes stored under key, or ErrNotFound.
	Get(ctx context.Context, key string) ([]byte, error)
	// Set stores value under key for ttl.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Delete removes key; deleting an absent key is not an error.
	Delete(ctx context.Context, key string) error
	// MarkSeen records key (e.g. an update id) for ttl and reports whether
	// it was new: false means it was already seen (a duplicate).
	MarkSeen(ctx context.Context, key string, ttl time.Duration) (bool, error)
	// Unmark forgets a seen key, so a failed update can be retried.
	Unmark(ctx context.Context, key string) error
	// Lock waits (until ctx is done) for an exclusive lock on key, held at
	// most ttl, and returns the function that releases it.
	Lock(ctx context.Context, key string, ttl time.Duration) (unlock func(), err error)
	// Allow takes one token from the budget key allowing limit events per
	// period; when refused it says how long to wait.
	Allow(ctx context.Context, key string, limit int, period time.Duration) (ok bool, retryAfter time.Duration, err error)
	// Ping checks the store is reachable.
	Ping(ctx context.Context) error
	// Close releases connections.
	Close() error
}
