package telegram

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"treembot/storage/sessions"
)

// window allows at most limit events in any span of period. Callers take a
// reservation (the moment they may go) and wait for it, so concurrent
// senders to one chat queue up instead of racing.
type window struct {
	mu     sync.Mutex
	limit  int
	period time.Duration
	slots  []time.Time // the last limit reservations, oldest first
}

func newWindow(limit int, period time.Duration) *window {
	return &window{limit: limit, period: period, slots: make([]time.Time, 0, limit)}
}

// reserve returns the earliest moment at or after now that keeps the
// window's promise, and books it.
func (w *window) reserve(now time.Time) time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	at := now
	if len(w.slots) == w.limit {
		if next := w.slots[0].Add(w.period); next.After(at) {
			at = next
		}
		w.slots = append(w.slots[:0], w.slots[1:]...)
	}
	w.slots = append(w.slots, at)
	return at
}

// idle reports whether the window's last reservation has left it.
func (w *window) idle(now time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.slots) == 0 || now.Sub(w.slots[len(w.slots)-1]) > w.period
}

// sweepAbove is how many chat windows we keep before forgetting idle ones.
const sweepAbove = 4096

// pacer keeps outbound messages under Telegram's limits: one per
// ChatInterval per private chat, GroupPerMinute per group, GlobalRate per
// second per bot (shared across instances through the session store's
// Allow when one is given).
type pacer struct {
	clock          func() time.Time
	log            *slog.Logger
	budget         sessions.Store
	budgetKey      string
	rate           int
	global         *window
	chatInterval   time.Duration
	groupPerMinute int

	mu       sync.Mutex
	chats    map[int64]*window
	lastWarn time.Time
}

func newPacer(cfg Config, budget sessions.Store, budgetKey string, clock func() time.Time, log *slog.Logger) *pacer {
	return &pacer{
		clock: clock, log: log, budget: budget, budgetKey: budgetKey,
		rate: cfg.GlobalRate, global: newWindow(cfg.GlobalRate, time.Second),
		chatInterval: cfg.ChatInterval, groupPerMinute: cfg.GroupPerMinute,
		chats: map[int64]*window{},
	}
}

// wait blocks until a message to chatID may be sent. The chat's turn is
// taken first so that a global token is not held while waiting for it.
func (p *pacer) wait(ctx context.Context, chatID int64) error {
	if err := p.until(ctx, p.chat(chatID).reserve(p.clock())); err != nil {
		return err
	}
	return p.waitGlobal(ctx)
}

// waitGlobal keeps this instance under GlobalRate in any one-second
// window, then, when a shared budget is given, takes a token from it too,
// so that all instances together stay under the bot's limit.
func (p *pacer) waitGlobal(ctx context.Context) error {
	if err := p.until(ctx, p.global.reserve(p.clock())); err != nil || p.budget == nil {
		return err
	}
	for {
		ok, after, err := p.budget.Allow(ctx, p.budgetKey, p.rate, time.Second)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// A Redis outage must not stop delivery: this instance is
			// already paced alone.
			p.warnBudget(err)
			return nil
		}
		if ok {
			return nil
		}
		if after <= 0 {
			after = time.Second / time.Duration(p.rate)
		}
		if err := sleep(ctx, after); err != nil {
			return err
		}
	}
}

// warnBudget logs a budget failure at most once a minute: during an outage
// every message would otherwise add a line.
func (p *pacer) warnBudget(err error) {
	now := p.clock()
	p.mu.Lock()
	quiet := now.Sub(p.lastWarn) < time.Minute
	if !quiet {
		p.lastWarn = now
	}
	p.mu.Unlock()
	if !quiet {
		p.log.Warn("telegram: shared send budget unavailable, pacing this instance alone", "err", err)
	}
}

// chat returns the window of one chat: groups have negative ids in the
// Bot API and a per-minute limit; private chats a minimum interval.
func (p *pacer) chat(chatID int64) *window {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w, ok := p.chats[chatID]; ok {
		return w
	}
	if len(p.chats) >= sweepAbove {
		now := p.clock()
		for id, w := range p.chats {
			if w.idle(now) {
				delete(p.chats, id)
			}
		}
	}
	w := newWindow(1, p.chatInterval)
	if chatID < 0 {
		w = newWindow(p.groupPerMinute, time.Minute)
	}
	p.chats[chatID] = w
	return w
}

func (p *pacer) until(ctx context.Context, at time.Time) error {
	return sleep(ctx, at.Sub(p.clock()))
}
