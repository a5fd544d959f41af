package sessions

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// unlockTimeout bounds the release of a lock, which runs even when the
// caller's ctx is already done.
const unlockTimeout = 2 * time.Second

// unlockScript deletes a lock only while it still holds the caller's token:
// after the ttl ran out another instance may own the key.
var unlockScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0`)

// gcraScript is the generic cell rate algorithm on Redis's own clock, so
// every instance shares one budget whatever their clocks say. KEYS[1] holds
// the theoretical arrival time in microseconds; ARGV are the emission
// interval and the period in microseconds. It returns {1, 0} when allowed
// and {0, microseconds to wait} when refused.
var gcraScript = redis.NewScript(`
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local tat = now
local stored = redis.call("GET", KEYS[1])
if stored then tat = math.max(tonumber(stored), now) end
local newTat = tat + interval
local allowAt = newTat - period
if allowAt > now then
	return {0, allowAt - now}
end
redis.call("SET", KEYS[1], string.format("%.0f", newTat), "PX", math.ceil((newTat - now) / 1000))
return {1, 0}`)

// Lock waits until key is free in Redis, takes it for ttl with a random
// token (SET NX) and returns its release function. It polls with growing
// pauses and gives up with ErrLockTimeout (wrapping ctx.Err()) when ctx is
// done first; a Redis error is returned at once.
func (r *Redis) Lock(ctx context.Context, key string, ttl time.Duration) (func(), error) {
	if err := checkTTL("lock", ttl); err != nil {
		return nil, err
	}
	token, err := newToken()
	if err != nil {
		return nil, fmt.Errorf("lock %q: %w", key, err)
	}
	full := r.key(spaceLock, key)
	err = r.acquire(ctx, key, full, token, func() (bool, error) {
		return r.client.SetNX(ctx, full, token, ttl).Result()
	})
	if err != nil {
		return nil, err
	}
	return r.unlocker(ctx, full, token), nil
}

// acquire calls try (one attempt to take the lock full with token) until
// it succeeds, with growing pauses, as Lock describes.
func (r *Redis) acquire(ctx context.Context, key, full, token string, try func() (bool, error)) error {
	wait := lockPollMin
	for {
		ok, err := try()
		if ok && err == nil {
			// Taken, even if ctx ended while the reply was on its way.
			return nil
		}
		if ctx.Err() != nil {
			// Redis may have applied the SET NX whose reply we gave up
			// on: release it by token, or nobody could take the lock
			// until its ttl ran out.
			r.unlocker(ctx, full, token)()
			return fmt.Errorf("lock %q: %w: %w", key, ErrLockTimeout, ctx.Err())
		}
		if err != nil {
			return fmt.Errorf("lock %q: %w", key, err)
		}
		if err := sleep(ctx, wait); err != nil {
			return fmt.Errorf("lock %q: %w: %w", key, ErrLockTimeout, err)
		}
		wait = min(2*wait, lockPollMax)
	}
}

// unlocker returns the release function of one acquisition. A failed
// release is only logged: the lock still expires after its ttl.
func (r *Redis) unlocker(ctx context.Context, full, token string) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), unlockTimeout)
			defer cancel()
			if err := unlockScript.Run(ctx, r.client, []string{full}, token).Err(); err != nil {
				r.log.Warn("release session lock", "key", full, "err", err)
			}
		})
	}
}

// Allow takes one event from the budget key (limit events per period, a
// burst of limit allowed), shared by every instance on this Redis, and when
// refused says how long to wait.
func (r *Redis) Allow(ctx context.Context, key string, limit int, period time.Duration) (bool, time.Duration, error) {
	if err := checkBudget(limit, period); err != nil {
		return false, 0, err
	}
	interval := emissionInterval(limit, period, time.Microsecond)
	periodUS := max(period.Microseconds(), 1)
	res, err := gcraScript.Run(ctx, r.client, []string{r.key(spaceBudget, key)},
		interval.Microseconds(), periodUS).Int64Slice()
	if err != nil {
		return false, 0, fmt.Errorf("allow %q: %w", key, err)
	}
	if len(res) != 2 {
		return false, 0, fmt.Errorf("allow %q: unexpected script reply %v", key, res)
	}
	return res[0] == 1, time.Duration(res[1]) * time.Microsecond, nil
}

// newToken returns a random lock token, unique across instances.
func newToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("lock token: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// sleep waits d or until ctx is done, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
