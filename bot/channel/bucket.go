package channel

import (
	"context"
	"math"
	"sync"
	"time"
)

// Lane says whose send it is. An interactive send answers what a person
// just did and may use a chat's burst; a bulk send (reminders, digests,
// notices) keeps the steady pace and leaves the burst to the person.
type Lane int

const (
	// Bulk is the default lane: sends nobody is waiting for right now.
	Bulk Lane = iota
	// Interactive is the lane of replies to a person in a conversation.
	Interactive
)

type laneKey struct{}

// WithLane marks the sends made under ctx as belonging to lane.
func WithLane(ctx context.Context, lane Lane) context.Context {
	return context.WithValue(ctx, laneKey{}, lane)
}

// LaneOf is the lane ctx was marked with, Bulk when none.
func LaneOf(ctx context.Context) Lane {
	lane, _ := ctx.Value(laneKey{}).(Lane)
	return lane
}

// Bucket is a token bucket paced from when sends start: Burst sends at
// once, then one every Every. An interactive send reserves the next token,
// even one not yet earned (it then waits for it, in arrival order); a bulk
// send reserves one only while the bucket holds at least Cushion tokens.
// With a cushion of 0 a bulk stream keeps one reservation ahead, so it
// reaches the full rate however late its sleeps end, and a reply waits at
// most one interval behind it; with a cushion of Burst bulk sends wait for
// a full bucket and leave all but one token to the person.
type Bucket struct {
	mu      sync.Mutex
	burst   float64
	every   time.Duration
	cushion float64
	tokens  float64   // may go negative: reservations not yet earned
	at      time.Time // when tokens was last brought up to date
	paused  time.Time // nothing may start before this (a 429's retry_after)
}

// NewBucket returns a full bucket of burst tokens refilled one per every;
// bulk sends leave cushion tokens in it.
func NewBucket(burst int, every time.Duration, cushion int) *Bucket {
	burst = max(burst, 1)
	return &Bucket{burst: float64(burst), every: max(every, time.Nanosecond),
		cushion: float64(min(max(cushion, 0), burst)), tokens: float64(burst)}
}

// Limit returns the bucket's burst and refill interval.
func (b *Bucket) Limit() (burst int, every time.Duration) { return int(b.burst), b.every }

// Reserve books a send on lane starting at or after now and says how long
// to wait before starting it; ok is false when a bulk send found no token
// to spare (wait then says when to ask again).
func (b *Bucket) Reserve(now time.Time, lane Lane) (wait time.Duration, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	hold := time.Duration(0)
	if b.paused.After(now) {
		hold = b.paused.Sub(now)
	}
	if lane == Bulk && (b.tokens < b.cushion || hold > 0) {
		return max(hold, b.until(b.cushion)), false
	}
	b.tokens--
	return max(hold, b.until(0)), true
}

// Pause stops every send until now+d (Telegram's retry_after).
func (b *Bucket) Pause(now time.Time, d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if until := now.Add(d); until.After(b.paused) {
		b.paused = until
	}
}

// Idle reports whether the bucket is full and not paused at now: it then
// holds nothing worth keeping.
func (b *Bucket) Idle(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	return b.tokens >= b.burst && !b.paused.After(now)
}

// refill adds the tokens earned since the last update, up to burst.
func (b *Bucket) refill(now time.Time) {
	if now.After(b.at) {
		b.tokens = min(b.burst, b.tokens+float64(now.Sub(b.at))/float64(b.every))
		b.at = now
	}
}

// until is how long until the bucket holds level tokens.
func (b *Bucket) until(level float64) time.Duration {
	if b.tokens >= level {
		return 0
	}
	return time.Duration(math.Ceil((level - b.tokens) * float64(b.every)))
}
