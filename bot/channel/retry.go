package channel

import (
	"context"
	"time"

	"treembot/bot/chatmsg"
)

// Retry says how a channel retries what failed.
type Retry struct {
	// Base is the first back-off step, doubled with jitter up to MaxBackoff.
	Base time.Duration
	// MaxRetries bounds the retries of one send (updates retry for as
	// long as the adapter runs).
	MaxRetries int
}

// HandleUntilSaved calls h for upd and returns its replies once Handle
// returned nil, which by the chatmsg.Handler contract means the update's
// effects are saved. With retry (polling, where nobody else would bring
// the update back) a failing Handle is retried with capped back-off, in
// the chat's order, until it succeeds or ctx ends; without it (webhook)
// the error is returned and the platform's own retry brings the update
// back. onFail runs after each failed attempt.
func (r Retry) HandleUntilSaved(ctx context.Context, h chatmsg.Handler, upd chatmsg.Update, retry bool, finish time.Duration,
	onFail func(attempt int, err error),
) ([]chatmsg.Message, error) {
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Once started, an update is finished even if ctx is cancelled, so
		// that shutdown does not abort a half-written answer.
		hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finish)
		replies, err := h.Handle(hctx, upd)
		cancel()
		if err == nil {
			return replies, nil
		}
		onFail(attempt, err)
		if !retry {
			return nil, err
		}
		if err := Sleep(ctx, Backoff(r.Base, attempt)); err != nil {
			return nil, err
		}
	}
}

// Send makes one API call to chat, paced by p, and retries it while its
// *chatmsg.SendError says that makes sense: after RetryAfter when the channel
// gave one (the chat's other sends wait too, see Pacer.Refused), else with back-off, at most MaxRetries times. onRetry runs
// before each wait (for a log line). A recipient found gone is not retried;
// the caller sees it with chatmsg.IsRecipientGone.
func (r Retry) Send(ctx context.Context, p *Pacer, chat, op string, call func(ctx context.Context) *chatmsg.SendError,
	onRetry func(se *chatmsg.SendError, attempt int, wait time.Duration),
) error {
	for attempt := 0; ; attempt++ {
		sent, err := p.Wait(ctx, chat)
		if err != nil {
			return &chatmsg.SendError{Op: op, Retry: true, Err: err}
		}
		se := call(ctx)
		sent()
		if se == nil {
			return nil
		}
		if se.Gone || !se.Retry || attempt >= r.MaxRetries || ctx.Err() != nil {
			return se
		}
		wait := se.RetryAfter
		if wait > 0 {
			p.Refused(chat, wait)
		}
		if wait == 0 {
			wait = Backoff(r.Base, attempt)
		}
		onRetry(se, attempt, wait)
		if Sleep(ctx, wait) != nil {
			return se
		}
	}
}
