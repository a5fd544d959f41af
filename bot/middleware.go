package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"treembot/locales"
	"treembot/storage/sessions"
)

type handleFunc func(ctx context.Context, upd Update) ([]Message, error)

// chain wraps h in middleware; the first listed runs outermost.
func chain(h handleFunc, mw ...func(handleFunc) handleFunc) handleFunc {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// withRecover turns a panic into an apology instead of a dead bot. The
// update is acknowledged: retrying something that panics would only panic
// again and block the chat behind it.
func (r *Router) withRecover(next handleFunc) handleFunc {
	return func(ctx context.Context, upd Update) (msgs []Message, err error) {
		defer func() {
			if p := recover(); p != nil {
				r.Logger.Error("panic handling update", "channel", upd.Channel,
					"chat", chatHash(upd.ChatID), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				setOutcome(ctx, outcomePanic)
				lang := locales.NormaliseLang(upd.LangCode, r.DefaultLang)
				msgs, err = []Message{{ChatID: upd.ChatID, Text: r.Catalog.T(lang, "bot_internal_error")}}, nil
			}
		}()
		return next(ctx, upd)
	}
}

// withLogging writes one line per update at info level: never the
// message text. A failure (the channel will retry) is a warning.
func (r *Router) withLogging(next handleFunc) handleFunc {
	return func(ctx context.Context, upd Update) ([]Message, error) {
		ctx, tr := withTrace(ctx)
		start := time.Now()
		msgs, err := next(ctx, upd)
		attrs := []any{"channel", upd.Channel, "kind", string(upd.Kind), "chat", chatHash(upd.ChatID),
			"latency_ms", time.Since(start).Milliseconds(), "outcome", outcomeOf(tr, err), "replies", len(msgs)}
		if err != nil {
			r.Logger.Warn("update handled", append(attrs, "err", err)...)
		} else {
			r.Logger.Info("update handled", attrs...)
		}
		return msgs, err
	}
}

// withChatLock handles one update per chat at a time, across instances,
// so two quick answers can't both be taken for the same question.
func (r *Router) withChatLock(next handleFunc) handleFunc {
	return func(ctx context.Context, upd Update) ([]Message, error) {
		lockCtx, cancel := context.WithTimeout(ctx, chatLockTTL)
		defer cancel()
		unlock, err := r.Sessions.Lock(lockCtx, "lock:chat:"+upd.Channel+":"+upd.ChatID, chatLockTTL)
		if err != nil {
			return nil, fmt.Errorf("lock chat: %w", err)
		}
		defer unlock()
		return next(ctx, upd)
	}
}

// withDedup handles an update delivered twice (a restart, a webhook retry)
// once. It runs under the chat lock, so "not handled yet" cannot change
// under it; the mark is written only after the effects are saved, so an
// update whose handling failed, or died with the process, is handled
// when it comes again rather than dropped.
func (r *Router) withDedup(next handleFunc) handleFunc {
	return func(ctx context.Context, upd Update) ([]Message, error) {
		if upd.UpdateID == "" {
			return next(ctx, upd)
		}
		key := "done:" + upd.Channel + ":" + upd.UpdateID
		_, err := r.Sessions.Get(ctx, key)
		switch {
		case err == nil:
			setOutcome(ctx, outcomeDuplicate)
			r.Logger.Debug("duplicate update", "channel", upd.Channel, "chat", chatHash(upd.ChatID))
			return r.replay(ctx, upd), nil
		case !errors.Is(err, sessions.ErrNotFound):
			return nil, fmt.Errorf("check update seen: %w", err)
		}
		msgs, err := next(ctx, upd)
		if err != nil {
			return nil, err
		}
		r.markHandledHere(ctx, upd)
		if err := r.Sessions.Set(ctx, key, []byte{'1'}, seenUpdateTTL); err != nil {
			// The effects are saved and the update is about to be
			// acknowledged; a form answer delivered again is still caught
			// by the conversation's LastUpdate.
			r.Logger.Warn("mark update handled", "chat", chatHash(upd.ChatID), "err", err)
		}
		return msgs, nil
	}
}

// chatHash identifies a chat in logs without revealing who it is.
func chatHash(chatID string) string {
	sum := sha256.Sum256([]byte(chatID))
	return hex.EncodeToString(sum[:4])
}
