package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"treembot/locales"
	"treembot/storage"
	"treembot/storage/sessions"
)

// handleFunc is one layer of the router's handling. Every middleware
// (func(next) next) is in this file; NewRouter's chain puts them in order.
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
// so two quick answers can't both be taken for the same question. The
// lock comes with what the update reads (its dedup mark, the chat's
// conversation) and its release with what it wrote (see turn.go), each
// in one round trip to the session store.
func (r *Router) withChatLock(next handleFunc) handleFunc {
	return func(ctx context.Context, upd Update) ([]Message, error) {
		lockCtx, cancel := context.WithTimeout(ctx, chatLockTTL)
		defer cancel()
		keys := []string{conversationKey(upd)}
		if upd.UpdateID != "" {
			keys = append(keys, doneKey(upd))
		}
		turn, err := sessions.LockTurn(lockCtx, r.Sessions, "lock:chat:"+upd.Channel+":"+upd.ChatID, chatLockTTL, keys...)
		if err != nil {
			return nil, fmt.Errorf("lock chat: %w", err)
		}
		// A panic (recovered outside) releases the lock too, or the chat
		// would wait for its ttl.
		defer func() { _ = turn.Release(ctx) }()
		msgs, err := next(withTurn(ctx, turn), upd)
		if rerr := turn.Release(ctx); rerr != nil && err == nil {
			return nil, rerr
		}
		return msgs, err
	}
}

// doneKey marks an update handled (withDedup).
func doneKey(upd Update) string { return "done:" + upd.Channel + ":" + upd.UpdateID }

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
		key := doneKey(upd)
		_, err := r.session(ctx).Get(ctx, key)
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
		// Written with the conversation when the chat lock is released:
		// the next holder sees both or, if that fails, neither (and the
		// update fails, to come again).
		if err := r.session(ctx).Set(ctx, key, []byte{'1'}, seenUpdateTTL); err != nil {
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

// withMetrics counts every update by kind and outcome, with its latency.
func (r *Router) withMetrics(next handleFunc) handleFunc {
	return func(ctx context.Context, upd Update) ([]Message, error) {
		ctx, tr := withTrace(ctx)
		start := time.Now()
		msgs, err := next(ctx, upd)
		r.Metrics.observeUpdate(upd.Kind, outcomeOf(tr, err), time.Since(start))
		return msgs, err
	}
}

// withWaitNotice tells a person, once, that their message is not lost when
// it cannot be handled now (the database or the session store is down):
// the channel keeps it and retries, and without a word the chat would just
// look dead. Telling them not to send it again matters: a second copy
// would be taken as the answer to the next question.
func (r *Router) withWaitNotice(next handleFunc) handleFunc {
	return func(ctx context.Context, upd Update) ([]Message, error) {
		msgs, err := next(ctx, upd)
		key := "wait:" + upd.Channel + ":" + upd.ChatID
		if err == nil {
			if uerr := r.local.Unmark(ctx, key); uerr != nil {
				r.Logger.Warn("forget wait notice", "err", uerr)
			}
			return msgs, nil
		}
		notifier := r.Notifiers[upd.Channel]
		if notifier == nil || ctx.Err() != nil {
			return msgs, err
		}
		if first, merr := r.local.MarkSeen(ctx, key, waitNoticeTTL); merr != nil || !first {
			return msgs, err
		}
		lang := locales.NormaliseLang(upd.LangCode, r.DefaultLang)
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), noticeTimeout)
		defer cancel()
		notice := Message{ChatID: upd.ChatID, Text: r.Catalog.T(lang, "ops_please_wait")}
		if serr := notifier.Send(sctx, notice); serr != nil {
			r.Logger.Warn("wait notice not delivered", "chat", chatHash(upd.ChatID), "err", serr)
		}
		return msgs, err
	}
}

// noticeTimeout bounds sending the "please wait" notice.
const noticeTimeout = 5 * time.Second

// withCleanText makes what arrives safe to store and to look up: valid
// UTF-8 without NUL, both of which PostgreSQL refuses in text. Without it
// such a message would fail on every retry and block its chat.
func (r *Router) withCleanText(next handleFunc) handleFunc {
	return func(ctx context.Context, upd Update) ([]Message, error) {
		for _, f := range []*string{&upd.Text, &upd.UserName, &upd.LangCode, &upd.UserID, &upd.ChatID,
			&upd.CallbackID, &upd.MessageID} {
			*f = cleanText(*f)
		}
		return next(ctx, upd)
	}
}

// cleanText drops NUL and replaces broken UTF-8 with U+FFFD.
func cleanText(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// touchEvery bounds how often one account's last use is written (once per
// minute of the router's clock): the choice of reminder channel needs no
// finer grain, and a busy chat would otherwise add a database write to
// every answer.
const touchEvery = time.Minute

// withIdentityTouch records, once an update from a private chat was
// handled, that its account was seen now: reminders go to the channel a
// person used last. Strangers have no account to touch; group chats are
// not where a person's reminders should go.
func (r *Router) withIdentityTouch(next handleFunc) handleFunc {
	return func(ctx context.Context, upd Update) ([]Message, error) {
		msgs, err := next(ctx, upd)
		if err != nil || upd.IsGroup || upd.UserID == "" {
			return msgs, err
		}
		// This process's memory says whether the minute's write is done:
		// a Redis round trip on every update cost more than the few
		// duplicate writes several instances may make (the write is the
		// same whoever makes it). Unknown counts as due.
		now := r.Clock()
		key := fmt.Sprintf("touched:%s:%s:%d", upd.Channel, upd.UserID, now.Truncate(touchEvery).Unix())
		if due, serr := r.local.MarkSeen(ctx, key, 2*touchEvery); serr == nil && !due {
			return msgs, err
		}
		terr := r.Store.TouchIdentity(ctx, upd.Channel, upd.UserID, upd.ChatID, now)
		if terr != nil && !errors.Is(terr, storage.ErrNotFound) {
			// Only the choice of reminder channel suffers: not worth a retry.
			r.Logger.Warn("touch identity", "channel", upd.Channel, "chat", chatHash(upd.ChatID), "err", terr)
		}
		return msgs, err
	}
}
