package bot

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"treembot/flows"
	"treembot/locales"
)

// How long this process remembers things about chats and updates. They
// live in a per-process store (r.local) because they must work while the
// shared session store is down, and because they are about this process.
const (
	// waitNoticeTTL bounds how often one chat is told to wait during one
	// long outage: at most once per this period.
	waitNoticeTTL = time.Hour
	// handledHereTTL is how long an update handled by this process is
	// known as such: a redelivery within it got its replies from us.
	handledHereTTL = 10 * time.Minute
	// noticeTimeout bounds sending the "please wait" notice.
	noticeTimeout = 5 * time.Second
)

// trace carries what inner middleware learnt about an update to the
// logging and metrics around it.
type trace struct{ outcome string }

type traceKey struct{}

// withTrace returns ctx carrying a trace, reusing one already there.
func withTrace(ctx context.Context) (context.Context, *trace) {
	if tr, ok := ctx.Value(traceKey{}).(*trace); ok {
		return ctx, tr
	}
	tr := &trace{}
	return context.WithValue(ctx, traceKey{}, tr), tr
}

// setOutcome records an outcome other than plain success or failure.
func setOutcome(ctx context.Context, outcome string) {
	if tr, ok := ctx.Value(traceKey{}).(*trace); ok {
		tr.outcome = outcome
	}
}

// outcomeOf is the update's outcome: what was recorded, else ok or failed.
func outcomeOf(tr *trace, err error) string {
	switch {
	case tr.outcome != "":
		return tr.outcome
	case err != nil:
		return outcomeFailed
	}
	return outcomeOK
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

// replay answers an update handled before. If this process handled it, the
// replies went out from here and it is ignored, as it always was. If not
// (a redelivery after a crash, or to another instance), those replies may
// never have been delivered: when it was the last answer of a form, the
// question now waiting is asked again, so the person is not left without
// an answer and does not type it again into the next question.
func (r *Router) replay(ctx context.Context, upd Update) []Message {
	elsewhere, err := r.local.MarkSeen(ctx, "here:"+upd.Channel+":"+upd.UpdateID, handledHereTTL)
	if err != nil || !elsewhere {
		return nil
	}
	raw, err := r.Sessions.Get(ctx, conversationKey(upd))
	if err != nil {
		return nil
	}
	var conv conversation
	if json.Unmarshal(raw, &conv) != nil || conv.LastUpdate == "" || conv.LastUpdate != upd.UpdateID {
		return nil
	}
	user, err := r.Store.UserByIdentity(ctx, upd.Channel, upd.UserID)
	if err != nil {
		return nil
	}
	req := &request{Update: upd, user: user, now: r.Clock(), lang: locales.NormaliseLang(user.Language, r.DefaultLang)}
	msgs, err := r.reask(ctx, req, &conv)
	if err != nil {
		return nil
	}
	return msgs
}

// markHandledHere remembers that this process handled the update and so
// delivered its replies.
func (r *Router) markHandledHere(ctx context.Context, upd Update) {
	if _, err := r.local.MarkSeen(ctx, "here:"+upd.Channel+":"+upd.UpdateID, handledHereTTL); err != nil {
		r.Logger.Warn("remember handled update", "err", err)
	}
}

// reask repeats what the conversation is waiting for, changing nothing:
// the engine repeats its question for an empty input.
func (r *Router) reask(ctx context.Context, req *request, conv *conversation) ([]Message, error) {
	period, err := r.periodByID(ctx, req, conv.PeriodID)
	if err != nil {
		return nil, err
	}
	form := r.Forms[conv.FormID]
	step := r.Engine.Handle(form, conv.State, flows.Input{}, r.flowContext(req, period, conv.UnitName))
	return r.renderReplies(req, form, step), nil
}

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
