package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"treembot/flows"
	"treembot/locales"
	"treembot/storage"
	"treembot/storage/sessions"
)

// conversation is what the session store keeps for a chat filling in a
// form. Everything in it can be rebuilt from the database draft.
type conversation struct {
	SubmissionID uint   `json:"submission"`
	PeriodID     uint   `json:"period"`
	FormID       string `json:"form"`
	UnitID       uint   `json:"unit,omitempty"`
	UnitName     string `json:"unit_name"`
	// OnBehalf is a commune officer entering one of their villages' reports.
	OnBehalf bool        `json:"on_behalf,omitempty"`
	State    flows.State `json:"state"`
	// LastUpdate is the update whose answer made State: the same update
	// delivered again (after a crash) must not answer the next question.
	LastUpdate string `json:"last_update,omitempty"`
}

func conversationKey(upd Update) string {
	return "conv:" + upd.Channel + ":" + upd.ChatID
}

// loadConversation returns the chat's conversation, or nil if it has none.
// When the session store lost it (flushed, restarted), it is rebuilt from
// the newest draft of the user's unit in an open period.
func (r *Router) loadConversation(ctx context.Context, req *request) (*conversation, error) {
	raw, err := r.session(ctx).Get(ctx, conversationKey(req.Update))
	if err == nil {
		var conv conversation
		jerr := json.Unmarshal(raw, &conv)
		// A person moved to another unit continues with that unit's draft,
		// unless their unit was merged into it: the report they were filling
		// in stays theirs to finish.
		if jerr == nil && conv.State.Stage != "" && (conv.UnitID == 0 || conv.UnitID == req.user.UnitID || conv.OnBehalf ||
			r.mergedInto(ctx, conv.UnitID, req.user.UnitID)) {
			return &conv, nil
		}
		r.Logger.Warn("discarding unreadable or outdated conversation", "chat", chatHash(req.ChatID))
	} else if !errors.Is(err, sessions.ErrNotFound) {
		return nil, fmt.Errorf("load conversation: %w", err)
	}
	return r.rebuildConversation(ctx, req)
}

// mergedInto reports whether unit from was merged into unit into.
func (r *Router) mergedInto(ctx context.Context, from, into uint) bool {
	u, err := r.Store.Unit(ctx, from)
	return err == nil && u.MergedIntoID != nil && *u.MergedIntoID == into
}

// rebuildConversation finds the person's own draft in progress and
// resumes it.
func (r *Router) rebuildConversation(ctx context.Context, req *request) (*conversation, error) {
	if req.user == nil || !isReporter(req.user) {
		return nil, nil
	}
	job, err := r.ownJob(ctx, req)
	if err != nil || job == nil {
		return nil, err
	}
	periods, err := r.Store.OpenPeriods(ctx, req.now)
	if err != nil {
		return nil, fmt.Errorf("open periods: %w", err)
	}
	for _, p := range periods {
		sub, err := r.Store.FindDraft(ctx, job.unit.ID, p.ID, job.form.ID)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("find draft: %w", err)
		}
		values, err := r.Store.Values(ctx, sub.ID)
		if err != nil {
			return nil, fmt.Errorf("load draft values: %w", err)
		}
		step := r.Engine.Start(job.form, values, r.flowContext(req, job.form, &p, job.unit.Name))
		// Start drops answers that no longer apply; the database must too.
		if err := r.applyChanges(ctx, req, sub.ID, step.Changes); err != nil {
			return nil, err
		}
		// The answer asked back before the session was lost is still
		// waiting for its yes or no: a reply "1" confirms it, never
		// becomes the figure 1.
		step.State.Pending = restorePending(sub.PendingAnswer, step.State.Current)
		return &conversation{SubmissionID: sub.ID, PeriodID: p.ID, FormID: job.form.ID,
			UnitID: job.unit.ID, UnitName: job.unit.Name, State: step.State}, nil
	}
	return nil, nil
}

func (r *Router) saveConversation(ctx context.Context, req *request, conv *conversation) error {
	raw, err := json.Marshal(conv)
	if err != nil {
		return fmt.Errorf("encode conversation: %w", err)
	}
	if err := r.session(ctx).Set(ctx, conversationKey(req.Update), raw, conversationTTL); err != nil {
		return fmt.Errorf("save conversation: %w", err)
	}
	return nil
}

// handleFormInput feeds an answer to the engine, saves what it accepted,
// and only then returns the replies.
func (r *Router) handleFormInput(ctx context.Context, req *request, in flows.Input) ([]Message, error) {
	conv, err := r.loadConversation(ctx, req)
	if err != nil {
		return nil, err
	}
	if conv == nil {
		return r.reply(req, "bot_no_conversation"), nil
	}
	if req.UpdateID != "" && conv.LastUpdate == req.UpdateID {
		return r.reask(ctx, req, conv)
	}
	period, err := r.periodByID(ctx, req, conv.PeriodID)
	if errors.Is(err, errPeriodClosed) {
		// The admin closed the period mid-form: the draft stays, the form stops.
		return r.reply(req, "bot_period_closed"), r.session(ctx).Delete(ctx, conversationKey(req.Update))
	} else if err != nil {
		return nil, err
	}
	form := r.Forms[conv.FormID]
	step := r.Engine.Handle(form, conv.State, in, r.flowContext(req, form, period, conv.UnitName))
	if err := r.applyChanges(ctx, req, conv.SubmissionID, step.Changes); err != nil {
		return nil, err
	}
	if err := r.keepPending(ctx, conv.SubmissionID, encodePending(conv.State.Pending), step.State.Pending); err != nil {
		return nil, err
	}
	msgs := r.renderReplies(req, form, step)
	if step.State.Stage == flows.StageReview && conv.State.Stage != flows.StageReview {
		// Before the officer confirms, the figures taken from the villages
		// are checked against their reports again.
		drift, err := r.villageDrift(ctx, req, form, conv.UnitID, conv.PeriodID, conv.UnitName, step.State.Answers)
		if err != nil {
			return nil, err
		}
		if drift != "" {
			msgs = append([]Message{{ChatID: req.ChatID, Text: drift}}, msgs...)
		}
	}
	if step.Submit {
		receipt, err := r.submit(ctx, req, conv, period)
		if err != nil {
			return nil, err
		}
		msgs = append(msgs, receipt...)
	}
	conv.State, conv.LastUpdate = step.State, req.UpdateID
	if step.State.Stage == flows.StageCancelled || step.State.Stage == flows.StageSubmitted {
		return msgs, r.session(ctx).Delete(ctx, conversationKey(req.Update))
	}
	return msgs, r.saveConversation(ctx, req, conv)
}

// keepPending stores with the draft the answer now asked back, when it
// differs from what is stored, before the reply that asks it is sent.
func (r *Router) keepPending(ctx context.Context, submissionID uint, stored string, now *flows.Pending) error {
	if encoded := encodePending(now); encoded != stored {
		if err := r.Store.SetPendingAnswer(ctx, submissionID, encoded); err != nil {
			return fmt.Errorf("keep the answer asked back: %w", err)
		}
	}
	return nil
}

func encodePending(p *flows.Pending) string {
	if p == nil {
		return ""
	}
	raw, _ := json.Marshal(p) // strings and booleans: cannot fail
	return string(raw)
}

// restorePending reads a stored ask-back, if it is about the question the
// form is at.
func restorePending(stored, current string) *flows.Pending {
	var p flows.Pending
	if stored == "" || json.Unmarshal([]byte(stored), &p) != nil || p.Question != current {
		return nil
	}
	return &p
}

// applyChanges writes the engine's accepted answers as draft values.
func (r *Router) applyChanges(ctx context.Context, req *request, submissionID uint, changes []flows.Change) error {
	if len(changes) == 0 {
		return nil
	}
	vc := make([]storage.ValueChange, len(changes))
	for i, c := range changes {
		vc[i] = storage.ValueChange{Code: c.Code, Value: c.Value, Clear: c.Clear}
	}
	err := r.Store.ApplyChanges(ctx, storage.ChangeRequest{
		SubmissionID: submissionID, UserID: req.user.ID, Channel: req.Channel, Now: req.now, Changes: vc})
	if err != nil {
		return fmt.Errorf("save answers: %w", err)
	}
	return nil
}

// submit marks the draft submitted and writes the receipt.
func (r *Router) submit(ctx context.Context, req *request, conv *conversation, period *storage.Period) ([]Message, error) {
	sub, err := r.Store.Submit(ctx, storage.SubmitRequest{
		SubmissionID: conv.SubmissionID, UserID: req.user.ID, Channel: req.Channel, Now: req.now})
	if msgs := r.unitPeriodRefused(req, err, conv.UnitName, period); msgs != nil {
		return msgs, nil
	} else if err != nil {
		return nil, fmt.Errorf("submit: %w", err)
	}
	data := map[string]any{
		"Reference": sub.Reference, "Version": sub.Version, "Unit": conv.UnitName,
		"Period": locales.Capitalise(r.periodName(req, period)), "At": r.moment(req, req.now),
		"You":   r.address(req, req.user),
		"Count": conv.answeredCount(),
	}
	id := "bot_receipt"
	if req.now.After(dueDate(r.Forms[conv.FormID], period).AddDate(0, 0, 1)) {
		id = "bot_receipt_late"
	}
	return r.reply(req, id, data), nil
}

func (c *conversation) answeredCount() int {
	n := 0
	for _, v := range c.State.Answers {
		if v != "" {
			n++
		}
	}
	return n
}

// isReporter says whether the role fills in a report of the chain.
func isReporter(u *storage.User) bool {
	return u.Role == storage.RoleCollaborator || u.Role == storage.RoleCommuneOfficer || u.Role == storage.RoleOfficial
}

// renderReplies turns engine replies into channel messages. Typed numbers
// may pick buttons only where the engine reads them so too (Numbered).
func (r *Router) renderReplies(req *request, form *flows.Form, step flows.Step) []Message {
	numbered := r.Engine.Numbered(form, step.State)
	msgs := make([]Message, 0, len(step.Replies))
	for _, rep := range step.Replies {
		m := Message{ChatID: req.ChatID, Text: rep.Text, NumberedButtons: numbered}
		for _, row := range rep.Buttons {
			var out []Button
			for _, b := range row {
				out = append(out, Button{Label: b.Label, Data: b.Data})
			}
			m.Buttons = append(m.Buttons, out)
		}
		msgs = append(msgs, m)
	}
	return msgs
}

// flowContext tells the engine who is answering for what, and by when.
func (r *Router) flowContext(req *request, form *flows.Form, p *storage.Period, unitName string) flows.Context {
	return flows.Context{Lang: req.lang, Now: req.now, PeriodLabel: r.periodName(req, p), UnitName: unitName,
		Deadline: dueDate(form, p).In(r.Zone), ClosesAt: p.ClosesAt.In(r.Zone)}
}

// periodName is how a reporter reads a period, inside a sentence: "báo
// cáo 6 tháng (01/11/2024–30/04/2025)", never its code.
func (r *Router) periodName(req *request, p *storage.Period) string {
	return r.Catalog.PeriodName(req.lang, p.Kind, p.Start, p.End, r.Zone)
}

// until says when something stops, as a reader takes it: a close at
// midnight is "hết ngày 13/06/2025" (the day before), any other moment
// "17:00 ngày 14/06/2025".
func (r *Router) until(req *request, t time.Time) string {
	local := t.In(r.Zone)
	if local.Hour() == 0 && local.Minute() == 0 && local.Second() == 0 {
		return r.t(req, "bot_until_day", map[string]any{"Date": locales.FormatDate(local.Add(-time.Nanosecond), r.Zone)})
	}
	return r.moment(req, t)
}

// moment is a time of day then the day: "08:00 ngày 08/05/2025".
func (r *Router) moment(req *request, t time.Time) string {
	local := t.In(r.Zone)
	return r.t(req, "bot_moment", map[string]any{"Time": local.Format("15:04"), "Date": locales.FormatDate(local, r.Zone)})
}

func (r *Router) unitName(ctx context.Context, req *request) string {
	unit, err := r.Store.Unit(ctx, req.user.UnitID)
	if err != nil {
		return ""
	}
	return unit.Name
}

func (r *Router) periodByID(ctx context.Context, req *request, id uint) (*storage.Period, error) {
	periods, err := r.Store.OpenPeriods(ctx, req.now)
	if err != nil {
		return nil, err
	}
	for i := range periods {
		if periods[i].ID == id {
			return &periods[i], nil
		}
	}
	return nil, errPeriodClosed
}

var errPeriodClosed = errors.New("period closed")

// trimArg keeps user-supplied arguments short in replies.
func trimArg(s string) string {
	s = strings.TrimSpace(s)
	if len([]rune(s)) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}
