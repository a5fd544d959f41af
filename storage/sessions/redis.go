package sessions

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultPrefix is put before every key when RedisOptions.Prefix is empty.
const DefaultPrefix = "treembot:"

// Key spaces under the prefix, so that Set("x") and MarkSeen("x") never
// collide and an operator can tell what a key is for.
const (
	spaceValue  = "s:"
	spaceSeen   = "seen:"
	spaceLock   = "lock:"
	spaceBudget = "rate:"
)

// RedisOptions configures NewRedis.
type RedisOptions struct {
	// URL is REDIS_URL: redis://[user:password@]host:port/db or rediss://.
	URL string
	// Prefix is put before every key; DefaultPrefix when empty.
	Prefix string
	// Logger receives warnings that cannot be returned (a failed unlock);
	// slog.Default() when nil.
	Logger *slog.Logger
}

// Redis is the Store shared by every bot instance using the same Redis:
// dedup, locks and rate budgets hold across processes.
type Redis struct {
	client *redis.Client
	prefix string
	log    *slog.Logger
}

// The compiler checks Redis implements Store.
var _ Store = (*Redis)(nil)

// ParseRedisURL turns REDIS_URL into client options. Its errors name
// REDIS_URL and never repeat the URL, which may hold a password.
func ParseRedisURL(raw string) (*redis.Options, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, errors.New("REDIS_URL is empty")
	}
	if _, err := url.Parse(raw); err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // url.Error repeats the whole URL
		}
		return nil, fmt.Errorf("REDIS_URL is not a valid URL: %w", err)
	}
	opts, err := redis.ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	failFast(opts)
	return opts, nil
}

// failFast tunes retries so that during an outage a call fails in a few
// hundred milliseconds instead of waiting out the caller's whole deadline
// (go-redis's defaults retry 4 times × 5 dials): the bot should tell a
// user to try again, not leave them staring at a silent chat. Values set
// in the URL's query (max_retries, max_retry_backoff) win.
func failFast(opts *redis.Options) {
	// Without this, go-redis ignores ctx deadlines on reads and writes, and a
	// stalled Redis would hold a chat for ReadTimeout instead of the
	// caller's deadline.
	opts.ContextTimeoutEnabled = true
	if opts.MaxRetries == 0 {
		opts.MaxRetries = 2 // still enough to replace connections broken by a Redis restart
	}
	if opts.MaxRetryBackoff == 0 {
		opts.MaxRetryBackoff = 200 * time.Millisecond
	}
	opts.DialerRetries = 2
	opts.DialerRetryTimeout = 50 * time.Millisecond
}

// NewRedis connects to opts.URL and checks it answers within ctx. go-redis
// reconnects by itself afterwards; during an outage calls return errors.
func NewRedis(ctx context.Context, opts RedisOptions) (*Redis, error) {
	clientOpts, err := ParseRedisURL(opts.URL)
	if err != nil {
		return nil, err
	}
	r := &Redis{
		client: redis.NewClient(clientOpts),
		prefix: opts.Prefix,
		log:    opts.Logger,
	}
	if r.prefix == "" {
		r.prefix = DefaultPrefix
	}
	if r.log == nil {
		r.log = slog.Default()
	}
	if err := r.Ping(ctx); err != nil {
		_ = r.client.Close()
		return nil, fmt.Errorf("connect to redis at %s: %w", clientOpts.Addr, err)
	}
	return r, nil
}

// key builds the full Redis key of one key space.
func (r *Redis) key(space, key string) string {
	return r.prefix + space + key
}

// Get returns the bytes stored under key, or ErrNotFound.
func (r *Redis) Get(ctx context.Context, key string) ([]byte, error) {
	b, err := r.client.Get(ctx, r.key(spaceValue, key)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get session: %w", err)
	}
	return b, nil
}

// Set stores value under key for ttl.
func (r *Redis) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := checkTTL("set session", ttl); err != nil {
		return err
	}
	if err := r.client.Set(ctx, r.key(spaceValue, key), value, ttl).Err(); err != nil {
		return fmt.Errorf("set session: %w", err)
	}
	return nil
}

// Delete removes key; an absent key is not an error.
func (r *Redis) Delete(ctx context.Context, key string) error {
	if err := r.client.Del(ctx, r.key(spaceValue, key)).Err(); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// MarkSeen records key for ttl (SET NX EX) and reports whether it was new;
// across instances exactly one caller sees true.
func (r *Redis) MarkSeen(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if err := checkTTL("mark seen", ttl); err != nil {
		return false, err
	}
	isNew, err := r.client.SetNX(ctx, r.key(spaceSeen, key), "1", ttl).Result()
	if err != nil {
		return false, fmt.Errorf("mark seen: %w", err)
	}
	return isNew, nil
}

// Unmark forgets a seen key so the same update can be handled again.
func (r *Redis) Unmark(ctx context.Context, key string) error {
	if err := r.client.Del(ctx, r.key(spaceSeen, key)).Err(); err != nil {
		return fmt.Errorf("unmark seen: %w", err)
	}
	return nil
}

// Ping checks Redis answers within ctx.
func (r *Redis) Ping(ctx context.Context) error {
	if err := r.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("ping redis: %w", err)
	}
	return nil
}

// Close closes the connection pool; later calls fail. Closing twice is
// harmless.
func (r *Redis) Close() error {
	if err := r.client.Close(); err != nil && !errors.Is(err, redis.ErrClosed) {
		return fmt.Errorf("close redis: %w", err)
	}
	return nil
}
