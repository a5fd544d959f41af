package channel

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// sweepAbove is how many chat windows a pacer keeps before forgetting idle
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
	// ChatLimit gives the window of one chat: limit messages per period.
	ChatLimit func(chat string) (limit int, period time.Duration)
	// Budget, when set, shares Rate across instances under BudgetKey.
	Budget    Budget
	BudgetKey string
	// Clock and Logger default to time.Now and a discarding logger.
	Clock  func() time.Time
	Logger *slog.Logger
}

// Pacer keeps outbound messages under a channel's limits: a window per
// chat and an overall rate, shared across instances through the budget
// when one is given.
type Pacer struct {
	cfg    PacerConfig
	global *Window

	mu       sync.Mutex
	chats    map[string]*Window
	lastWarn time.Time
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
	return &Pacer{cfg: cfg, global: NewWindow(cfg.Rate, time.Second), chats: map[string]*Window{}}
}

// Wait blocks until a message to chat may be sent and returns the function
// to call once the send is over, whatever its outcome. The chat's turn is
// taken first so that a global place is not held while waiting for it.
func (p *Pacer) Wait(ctx context.Context, chat string) (done func(), err error) {
	cw := p.Chat(chat)
	cs, err := p.acquire(ctx, cw)
	if err != nil {
		return nil, err
	}
	gs, err := p.acquire(ctx, p.global)
	if err == nil {
		err = p.takeBudget(ctx)
	}
	done = func() {
		end := p.cfg.Clock()
		cw.Finish(cs, end)
		if gs != nil {
			p.global.Finish(gs, end)
		}
	}
	if err != nil {
		done()
		return nil, err
	}
	return done, nil
}

// acquire takes a place in w and sleeps until it may be used.
func (p *Pacer) acquire(ctx context.Context, w *Window) (*Slot, error) {
	for {
		s, at, busy := w.Take(p.cfg.Clock())
		if s == nil {
			select {
			case <-busy:
				continue
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if err := Sleep(ctx, at.Sub(p.cfg.Clock())); err != nil {
			w.Finish(s, p.cfg.Clock())
			return nil, err
		}
		return s, nil
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

// Chat returns the window of one chat, made on first use from ChatLimit.
func (p *Pacer) Chat(chat string) *Window {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w, ok := p.chats[chat]; ok {
		return w
	}
	if len(p.chats) >= sweepAbove {
		now := p.cfg.Clock()
		for id, w := range p.chats {
			if w.Idle(now) {
				delete(p.chats, id)
			}
		}
	}
	limit, period := 1, time.Second
	if p.cfg.ChatLimit != nil {
		limit, period = p.cfg.ChatLimit(chat)
	}
	w := NewWindow(limit, period)
	p.chats[chat] = w
	return w
}
