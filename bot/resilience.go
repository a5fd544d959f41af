package bot

import (
	"context"
	"encoding/json"
	"time"

	"treembot/flows"
	"treembot/locales"
)

// How long this process remembers things about chats and updates. They
// live in a per-process store (r.local) because they must work while the
// shared session store is down, and because they are about this process.
const (
	// waitNoticeTTL bounds how often one chat is told to wait during one
	// long outage: at most once per this period (withWaitNotice).
	waitNoticeTTL = time.Hour
	// handledHereTTL is how long an update handled by this process is
	// known as such: a redelivery within it got its replies from us.
	handledHereTTL = 10 * time.Minute
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
	raw, err := r.session(ctx).Get(ctx, conversationKey(upd))
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
	step := r.Engine.Handle(form, conv.State, flows.Input{}, r.flowContext(req, form, period, conv.UnitName))
	return r.renderReplies(req, form, step), nil
}
