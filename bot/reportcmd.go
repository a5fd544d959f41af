package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"treembot/locales"
	"treembot/storage"
)

// Router-level button data prefixes (the engine uses its own: ans:, nav:, rev:).
const (
	dataPeriod = "per:"
	dataReopen = "reopen:"
	dataLang   = "lang:"
	dataReport = "cmd:report"
)

// cmdReport starts (or resumes) the commune report: "/report" picks the
// open period, "/report 2025-H1" names it.
func (r *Router) cmdReport(ctx context.Context, req *request, args string) ([]Message, error) {
	if req.IsGroup {
		return r.reply(req, "bot_report_private_only"), nil
	}
	if code := strings.ToUpper(strings.TrimSpace(args)); code != "" {
		return r.reportForCode(ctx, req, code, false)
	}
	periods, err := r.Store.OpenPeriods(ctx, req.now)
	if err != nil {
		return nil, fmt.Errorf("open periods: %w", err)
	}
	switch len(periods) {
	case 0:
		return r.reply(req, "bot_no_open_period"), nil
	case 1:
		return r.startReport(ctx, req, &periods[0], false)
	}
	msg := Message{ChatID: req.ChatID, Text: r.t(req, "bot_choose_period"), NumberedButtons: true}
	for i := range periods {
		label := periods[i].Code + " · " + r.periodLabel(req, &periods[i])
		msg.Buttons = append(msg.Buttons, []Button{{Label: label, Data: dataPeriod + periods[i].Code}})
	}
	return []Message{msg}, nil
}

// reportForCode starts the report for a named period, if it is open.
func (r *Router) reportForCode(ctx context.Context, req *request, code string, reopen bool) ([]Message, error) {
	period, err := r.Store.PeriodByCode(ctx, code)
	if errors.Is(err, storage.ErrNotFound) {
		return r.reply(req, "bot_period_unknown", map[string]any{"Code": trimArg(code)}), nil
	} else if err != nil {
		return nil, fmt.Errorf("find period: %w", err)
	}
	if req.now.Before(period.OpensAt) || !req.now.Before(period.ClosesAt) {
		return r.reply(req, "bot_period_not_open", map[string]any{
			"Code": period.Code, "Opens": locales.FormatDate(period.OpensAt, r.Zone),
			"Closes": locales.FormatDate(period.ClosesAt, r.Zone)}), nil
	}
	return r.startReport(ctx, req, period, reopen)
}

// startReport opens the unit's draft for period and asks the first
// unanswered question. A report already sent is only reopened when the
// user confirms, and only until the deadline.
func (r *Router) startReport(ctx context.Context, req *request, period *storage.Period, reopen bool) ([]Message, error) {
	sub, err := r.Store.FindSubmission(ctx, req.user.UnitID, period.ID, communeFormID)
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return nil, fmt.Errorf("find submission: %w", err)
	}
	if sub != nil && (sub.Status == storage.StatusSubmitted || sub.Status == storage.StatusApproved) {
		if msgs, done := r.alreadySubmitted(req, period, sub, reopen); done {
			return msgs, nil
		}
	}
	sub, err = r.Store.OpenDraft(ctx, storage.DraftRequest{UnitID: req.user.UnitID, PeriodID: period.ID,
		FormID: communeFormID, UserID: req.user.ID, Channel: req.Channel, Now: req.now})
	if err != nil {
		return nil, fmt.Errorf("open draft: %w", err)
	}
	values, err := r.Store.Values(ctx, sub.ID)
	if err != nil {
		return nil, fmt.Errorf("load draft values: %w", err)
	}
	conv := &conversation{SubmissionID: sub.ID, PeriodID: period.ID, FormID: communeFormID,
		UnitID: req.user.UnitID, UnitName: r.unitName(ctx, req)}
	form := r.Forms[communeFormID]
	step := r.Engine.Start(form, values, r.flowContext(req, period, conv.UnitName))
	if err := r.applyChanges(ctx, req, sub.ID, step.Changes); err != nil {
		return nil, err
	}
	conv.State = step.State
	if err := r.saveConversation(ctx, req, conv); err != nil {
		return nil, err
	}
	return r.renderReplies(req, form, step), nil
}

// alreadySubmitted explains that the report was sent; before the deadline
// it offers to edit it (a new version), after it points to the officer.
func (r *Router) alreadySubmitted(req *request, p *storage.Period, sub *storage.Submission, reopen bool) ([]Message, bool) {
	data := map[string]any{"Reference": sub.Reference, "Period": r.periodLabel(req, p), "Version": sub.Version}
	if sub.Status == storage.StatusApproved || req.now.After(p.Deadline.AddDate(0, 0, 1)) {
		return r.reply(req, "bot_report_locked", data), true
	}
	if reopen {
		return nil, false
	}
	return []Message{{ChatID: req.ChatID, Text: r.t(req, "bot_report_already_sent", data), NumberedButtons: true,
		Buttons: [][]Button{{{Label: r.t(req, "bot_button_edit_report"), Data: dataReopen + p.Code}}}}}, true
}

// handleCallback routes a pressed button: the router's own, or the form's.
func (r *Router) handleCallback(ctx context.Context, req *request) ([]Message, error) {
	data := req.Text
	switch {
	case strings.HasPrefix(data, dataPeriod) && isReporter(req.user):
		return r.reportForCode(ctx, req, strings.TrimPrefix(data, dataPeriod), false)
	case strings.HasPrefix(data, dataReopen) && isReporter(req.user):
		return r.reportForCode(ctx, req, strings.TrimPrefix(data, dataReopen), true)
	case strings.HasPrefix(data, dataLang):
		return r.cmdLang(ctx, req, strings.TrimPrefix(data, dataLang))
	case data == dataReport:
		return r.runCommand(ctx, req, "report", "")
	}
	return r.handleFormInput(ctx, req, flowsButton(data))
}
