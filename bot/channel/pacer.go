package channel

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// jitterMargin is how much quicker one request may be than another, at
// most, for the overall rate to hold on arrival (about 2% of the rate).
const jitterMargin = 25 * time.Millisecond

// sweepAbove is how many chat buckets a pacer keeps before forgetting idle
// ones.
const sweepAbove = 4096

// Budget is a rate budget shared by every instance of the bot
// (sessions.Store implements it over Redis).
type Budget interface {
	// Allow takes one event from the budget key allowing limit events per
	// period; when refused it says how long to wait.
	Allow(ctx context.Context, key string, limit int, period time.Duration) (ok bool, retryAfter time.Duration, err error)
}

// PacerConfig describes a channel's send limits.
type PacerConfig struct {
	// Name prefixes log lines ("telegram", "zalo").
	Name string
	// Rate is the messages per second allowed for the whole bot.
	Rate int
	// ChatLimit gives a chat's bucket: burst sends at once, then one every
	// interval. Nil means one a second.
	ChatLimit func(chat string) (burst int, every time.Duration)
	// Budget, when set, shares Rate across instances under BudgetKey.
	Budget    Budget
	BudgetKey string
	// Clock and Logger default to time.Now and a discarding logger.
	Clock  func() time.Time
	Logger *slog.Logger
}

// Pacer keeps outbound messages under a channel's limits: a token bucket
// per chat and one for the overall rate, shared across instances through
// the budget when one is given. Sends are paced from when they start, so
// the configured rate is the achieved rate.
type Pacer struct {
	cfg    PacerConfig
	global *Bucket

	mu       sync.Mutex
	chats    map[string]*Bucket
	lastWarn time.Time
	// lastRefused is the last chat Telegram refused with a retry_after.
	lastRefused struct {
		chat string
		at   time.Time
	}
}

// NewPacer returns a pacer for cfg.
func NewPacer(cfg PacerConfig) *Pacer {
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Rate = max(cfg.Rate, 1)
	// The overall rate has no burst: Telegram counts it per second, and a
	// burst on top of a full second's rate would break it. Rate sends are
	// spread over a second and jitterMargin, so that a send whose request
	// was quicker than the one Rate before it still arrives outside that
	// one's second. Replies go ahead of all but one bulk reservation.
	global := NewBucket(1, (time.Second+jitterMargin)/time.Duration(cfg.Rate), 0)
	return &Pacer{cfg: cfg, global: global, chats: map[string]*Bucket{}}
}

// Wait blocks until a message to chat may start, on the lane ctx is marked
// with (see WithLane). The returned function is kept for callers that
// mark the end of a send; pacing from the start needs nothing there.
func (p *Pacer) Wait(ctx context.Context, chat string) (done func(), err error) {
	lane := LaneOf(ctx)
	if err := p.take(ctx, p.Chat(chat), lane); err != nil {
		return nil, err
	}
	if err := p.take(ctx, p.global, lane); err != nil {
		return nil, err
	}
	if err := p.takeBudget(ctx); err != nil {
		return nil, err
	}
	return func() {}, nil
}

// Refused records a "too many requests" answer for chat that asked to wait
// d: the chat's sends wait that long; when another chat was refused too
// within the last second the limit hit is the bot's own, so every send
// waits.
func (p *Pacer) Refused(chat string, d time.Duration) {
	now := p.cfg.Clock()
	p.Chat(chat).Pause(now, d)
	p.mu.Lock()
	global := p.lastRefused.chat != "" && p.lastRefused.chat != chat && now.Sub(p.lastRefused.at) < time.Second
	p.lastRefused.chat, p.lastRefused.at = chat, now
	p.mu.Unlock()
	if global {
		p.global.Pause(now, d)
	}
}

// take waits for a token of b on lane. The time it asks at is never before
// the end of its last wait, so that a clock that stands still (a pinned
// clock in a test or demo) still lets a bulk send through.
func (p *Pacer) take(ctx context.Context, b *Bucket, lane Lane) error {
	at := p.cfg.Clock()
	for {
		if now := p.cfg.Clock(); now.After(at) {
			at = now
		}
		wait, ok := b.Reserve(at, lane)
		if err := Sleep(ctx, wait); err != nil {
			return err
		}
		if ok {
			return nil
		}
		at = at.Add(wait)
	}
}

// takeBudget takes a token from the budget shared by all instances, when
// there is one, so that together they stay under the bot's limit.
func (p *Pacer) takeBudget(ctx context.Context) error {
	if p.cfg.Budget == nil {
		return nil
	}
	for {
		ok, after, err := p.cfg.Budget.Allow(ctx, p.cfg.BudgetKey, p.cfg.Rate, time.Second)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// A Redis outage must not stop delivery: this instance is
			// already paced on its own.
			p.warnBudget(err)
			return nil
		}
		if ok {
			return nil
		}
		if after <= 0 {
			after = time.Second / time.Duration(p.cfg.Rate)
		}
		if err := Sleep(ctx, after); err != nil {
			return err
		}
	}
}

// warnBudget logs a budget failure at most once a minute: during an outage
// every message would otherwise add a line.
func (p *Pacer) warnBudget(err error) {
	now := p.cfg.Clock()
	p.mu.Lock()
	quiet := now.Sub(p.lastWarn) < time.Minute
	if !quiet {
		p.lastWarn = now
	}
	p.mu.Unlock()
	if !quiet {
		p.cfg.Logger.Warn(p.cfg.Name+": shared send budget unavailable, pacing this instance alone", "err", err)
	}
}

// Chat returns the bucket of one chat, made on first use from ChatLimit.
func (p *Pacer) Chat(chat string) *Bucket {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b, ok := p.chats[chat]; ok {
		return b
	}
	if len(p.chats) >= sweepAbove {
		now := p.cfg.Clock()
		for id, b := range p.chats {
			if b.Idle(now) {
				delete(p.chats, id)
			}
		}
	}
	burst, every := 1, time.Second
	if p.cfg.ChatLimit != nil {
		burst, every = p.cfg.ChatLimit(chat)
	}
	// A bulk send to a chat waits for a full bucket, so a person who
	// writes right after a reminder still finds all but one token.
	b := NewBucket(burst, every, burst)
	p.chats[chat] = b
	return b
}
