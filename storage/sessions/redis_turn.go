package sessions

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// The compiler checks Redis implements TurnLocker.
var _ TurnLocker = (*Redis)(nil)

// lockTurnScript takes the lock KEYS[1] with token ARGV[1] for ARGV[2]
// milliseconds if it is free, and then returns the values of the other
// keys (false: absent); it returns false when the lock is taken.
var lockTurnScript = redis.NewScript(`
if not redis.call("SET", KEYS[1], ARGV[1], "NX", "PX", ARGV[2]) then
	return false
end
local out = {}
for i = 2, #KEYS do
	out[i - 1] = redis.call("GET", KEYS[i])
end
return out`)

// releaseTurnScript applies writes to KEYS[2..] (for KEYS[i], the value
// ARGV[2i-2] for ARGV[2i-1] milliseconds, or a delete when that is 0) and
// then deletes the lock KEYS[1] if it still holds the token ARGV[1]: all
// at once, so whoever takes the lock next sees every write.
var releaseTurnScript = redis.NewScript(`
for i = 2, #KEYS do
	local ttl = tonumber(ARGV[2 * i - 1])
	if ttl > 0 then
		redis.call("SET", KEYS[i], ARGV[2 * i - 2], "PX", ttl)
	else
		redis.call("DEL", KEYS[i])
	end
end
if redis.call("GET", KEYS[1]) == ARGV[1] then
	redis.call("DEL", KEYS[1])
end
return 1`)

// LockTurn takes the lock key as Lock does; the attempt that takes it
// also reads keys (values set with Set), in one round trip. Its release
// applies the writes and frees the lock in one more.
func (r *Redis) LockTurn(ctx context.Context, key string, ttl time.Duration, keys []string) ([][]byte,
	func(context.Context, []Write) error, error,
) {
	if err := checkTTL("lock", ttl); err != nil {
		return nil, nil, err
	}
	token, err := newToken()
	if err != nil {
		return nil, nil, fmt.Errorf("lock %q: %w", key, err)
	}
	full := r.key(spaceLock, key)
	redisKeys := make([]string, 0, 1+len(keys))
	redisKeys = append(redisKeys, full)
	for _, k := range keys {
		redisKeys = append(redisKeys, r.key(spaceValue, k))
	}
	var values [][]byte
	err = r.acquire(ctx, key, full, token, func() (bool, error) {
		res, err := lockTurnScript.Run(ctx, r.client, redisKeys, token, max(ttl.Milliseconds(), 1)).Slice()
		if errors.Is(err, redis.Nil) {
			return false, nil
		} else if err != nil {
			return false, err
		}
		values, err = turnValues(res, len(keys))
		return err == nil, err
	})
	if err != nil {
		return nil, nil, err
	}
	return values, r.turnRelease(full, token), nil
}

// turnValues reads lockTurnScript's reply: one value or nil per key.
func turnValues(res []any, n int) ([][]byte, error) {
	values := make([][]byte, n)
	for i, v := range res {
		switch v := v.(type) {
		case nil:
		case string:
			if i < n {
				values[i] = []byte(v)
			}
		default:
			return nil, fmt.Errorf("lock: unexpected script reply %T", v)
		}
	}
	return values, nil
}

// turnRelease returns the release of one LockTurn. When the script fails
// the writes may be lost (the error says so); the lock is then released
// on its own, or the chat would wait for its ttl.
func (r *Redis) turnRelease(full, token string) func(context.Context, []Write) error {
	return func(ctx context.Context, writes []Write) error {
		keys := make([]string, 1, 1+len(writes))
		args := make([]any, 1, 1+2*len(writes))
		keys[0], args[0] = full, token
		for _, w := range writes { // TTLs were checked by Turn.Set
			ms := int64(0)
			if !w.Delete {
				ms = max(w.TTL.Milliseconds(), 1)
			}
			keys = append(keys, r.key(spaceValue, w.Key))
			args = append(args, string(w.Value), ms)
		}
		if err := releaseTurnScript.Run(ctx, r.client, keys, args...).Err(); err != nil {
			r.unlocker(ctx, full, token)()
			return err
		}
		return nil
	}
}
