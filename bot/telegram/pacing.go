package telegram

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"treembot/storage/sessions"
)

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

// wait blocks until a message to chatID may be sent and returns the
// function to call once the send is over, whatever its outcome. The chat's
// turn is taken first so that a global place is not held while waiting
// for it.
func (p *pacer) wait(ctx context.Context, chatID int64) (done func(), err error) {
	chat := p.chat(chatID)
	cs, err := p.acquire(ctx, chat)
	if err != nil {
		return nil, err
	}
	gs, err := p.acquire(ctx, p.global)
	if err == nil {
		err = p.takeBudget(ctx)
	}
	done = func() {
		end := p.clock()
		chat.finish(cs, end)
		if gs != nil {
			p.global.finish(gs, end)
		}
	}
	if err != nil {
		done()
		return nil, err
	}
	return done, nil
}

// acquire takes a place in w and sleeps until it may be used.
func (p *pacer) acquire(ctx context.Context, w *window) (*slot, error) {
	for {
		s, at, busy := w.take(p.clock())
		if s == nil {
			select {
			case <-busy:
				continue
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if err := sleep(ctx, at.Sub(p.clock())); err != nil {
			w.finish(s, p.clock())
			return nil, err
		}
		return s, nil
	}
}

// takeBudget takes a token from the budget shared by all instances, when
// there is one, so that together they stay under the bot's limit.
func (p *pacer) takeBudget(ctx context.Context) error {
	if p.budget == nil {
		return nil
	}
	for {
		ok, after, err := p.budget.Allow(ctx, p.budgetKey, p.rate, time.Second)
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
