package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime/debug"
	"time"

	"treembot/locales"
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
				lang := locales.NormaliseLang(upd.LangCode, r.DefaultLang)
				msgs, err = []Message{{ChatID: upd.ChatID, Text: r.Catalog.T(lang, "bot_internal_error")}}, nil
			}
		}()
		return next(ctx, upd)
	}
}

// withLogging writes one line per update: never the message text.
func (r *Router) withLogging(next handleFunc) handleFunc {
	return func(ctx context.Context, upd Update) ([]Message, error) {
		start := time.Now()
		msgs, err := next(ctx, upd)
		attrs := []any{"channel", upd.Channel, "kind", string(upd.Kind), "chat", chatHash(upd.ChatID),
			"latency_ms", time.Since(start).Milliseconds(), "replies", len(msgs)}
		if err != nil {
			r.Logger.Warn("update failed, will be retried", append(attrs, "err", err)...)
		} else {
			r.Logger.Debug("update handled", attrs...)
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
// once. The mark is removed again when handling fails, so the channel's
// retry is processed rather than dropped.
func (r *Router) withDedup(next handleFunc) handleFunc {
	return func(ctx context.Context, upd Update) ([]Message, error) {
		if upd.UpdateID == "" {
			return next(ctx, upd)
		}
		key := "seen:" + upd.Channel + ":" + upd.UpdateID
		fresh, err := r.Sessions.MarkSeen(ctx, key, seenUpdateTTL)
		if err != nil {
			return nil, fmt.Errorf("mark update seen: %w", err)
		}
		if !fresh {
			r.Logger.Debug("duplicate update ignored", "channel", upd.Channel, "chat", chatHash(upd.ChatID))
			return nil, nil
		}
		msgs, err := next(ctx, upd)
		if err != nil {
			if uerr := r.Sessions.Unmark(context.WithoutCancel(ctx), key); uerr != nil {
				r.Logger.Error("unmark failed update", "err", uerr)
			}
		}
		return msgs, err
	}
}

// chatHash identifies a chat in logs without revealing who it is.
func chatHash(chatID string) string {
	sum := sha256.Sum256([]byte(chatID))
	return hex.EncodeToString(sum[:4])
}
