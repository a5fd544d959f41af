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

// cmdReport starts (or resumes) the report the person owes: "/report"
// picks the open period, "/report 2025-H1" names it; a commune officer may
// add a village's code to enter that village's report on its behalf.
func (r *Router) cmdReport(ctx context.Context, req *request, args string) ([]Message, error) {
	if req.IsGroup {
		return r.reply(req, "bot_report_private_only"), nil
	}
	return r.reportFromArgs(ctx, req, args, false)
}

// reportFromArgs reads "[PERIOD] [VILLAGE]" in any order, also from the
// data of the period and edit buttons.
func (r *Router) reportFromArgs(ctx context.Context, req *request, args string, reopen bool) ([]Message, error) {
	var periodArg, unitArg string
	for _, f := range strings.Fields(args) {
		if periodCode.MatchString(f) {
			periodArg = strings.ToUpper(f)
		} else {
			unitArg = f
		}
	}
	job, msgs, err := r.jobFor(ctx, req, unitArg)
	if job == nil {
		return msgs, err
	}
	if periodArg != "" {
		return r.reportForCode(ctx, req, job, periodArg, reopen)
	}
	open, err := r.Store.OpenPeriods(ctx, req.now)
	if err != nil {
		return nil, fmt.Errorf("open periods: %w", err)
	}
	var periods []storage.Period
	for _, p := range open {
		if job.fits(p) {
			periods = append(periods, p)
		}
	}
	switch len(periods) {
	case 0:
		return r.reply(req, "bot_no_open_period"), nil
	case 1:
		return r.startReport(ctx, req, job, &periods[0], reopen)
	}
	msg := Message{ChatID: req.ChatID, Text: r.t(req, "bot_choose_period"), NumberedButtons: true}
	for i := range periods {
		label := locales.Capitalise(r.periodName(req, &periods[i]))
		msg.Buttons = append(msg.Buttons, []Button{{Label: label, Data: dataPeriod + job.args(periods[i].Code)}})
	}
	return []Message{msg}, nil
}

// args is what a button must carry to come back to this job and period.
func (j *reportJob) args(periodCode string) string {
	if j.onBehalf {
		return periodCode + " " + j.unit.Code
	}
	return periodCode
}

// jobFor is the person's own report, or with a unit code the village a
// commune officer enters for.
func (r *Router) jobFor(ctx context.Context, req *request, unitArg string) (*reportJob, []Message, error) {
	if unitArg != "" {
		return r.villageJob(ctx, req, unitArg)
	}
	job, err := r.ownJob(ctx, req)
	if err != nil || job != nil {
		return job, nil, err
	}
	return nil, r.reply(req, "bot_report_no_form"), nil
}

// reportForCode starts the report for a named period, if it is open.
func (r *Router) reportForCode(ctx context.Context, req *request, job *reportJob, code string, reopen bool) ([]Message, error) {
	period, err := r.Store.PeriodByCode(ctx, code)
	if errors.Is(err, storage.ErrNotFound) {
		return r.reply(req, "bot_period_unknown", map[string]any{"Code": trimArg(code)}), nil
	} else if err != nil {
		return nil, fmt.Errorf("find period: %w", err)
	}
	if !job.fits(*period) {
		return r.reply(req, "bot_report_not_for_period", map[string]any{"Period": r.periodName(req, period)}), nil
	}
	if req.now.Before(period.OpensAt) || !req.now.Before(period.ClosesAt) {
		return r.reply(req, "bot_period_not_open", map[string]any{
			"Period": locales.Capitalise(r.periodName(req, period)),
			"Opens":  locales.FormatDate(period.OpensAt, r.Zone), "Closes": r.until(req, period.ClosesAt)}), nil
	}
	return r.startReport(ctx, req, job, period, reopen)
}

// startReport opens the unit's draft for period and asks the first
// unanswered question. A report already sent is only corrected when the
// user confirms, and only until the deadline; the correction is a new
// version, and the sent one counts until it is sent.
func (r *Router) startReport(ctx context.Context, req *request, job *reportJob, period *storage.Period, reopen bool) ([]Message, error) {
	head, err := r.Store.FindSubmission(ctx, job.unit.ID, period.ID, job.form.ID)
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return nil, fmt.Errorf("find submission: %w", err)
	}
	if head != nil && (head.Status == storage.StatusSubmitted || head.Status == storage.StatusApproved) {
		if msgs, done := r.alreadySubmitted(req, job, period, head, reopen); done {
			return msgs, nil
		}
	}
	sub, err := r.Store.OpenDraft(ctx, storage.DraftRequest{UnitID: job.unit.ID, PeriodID: period.ID,
		FormID: job.form.ID, UserID: req.user.ID, Channel: req.Channel, Now: req.now})
	if msgs := r.unitPeriodRefused(req, err, job.unit.Name, period); msgs != nil {
		return msgs, nil
	} else if err != nil {
		return nil, fmt.Errorf("open draft: %w", err)
	}
	values, err := r.Store.Values(ctx, sub.ID)
	if err != nil {
		return nil, fmt.Errorf("load draft values: %w", err)
	}
	notice, err := r.prefillFromVillages(ctx, req, job, period, sub, values)
	if err != nil {
		return nil, err
	}
	conv := &conversation{SubmissionID: sub.ID, PeriodID: period.ID, FormID: job.form.ID,
		UnitID: job.unit.ID, UnitName: job.unit.Name, OnBehalf: job.onBehalf}
	step := r.Engine.Start(job.form, values, r.flowContext(req, job.form, period, conv.UnitName))
	if err := r.applyChanges(ctx, req, sub.ID, step.Changes); err != nil {
		return nil, err
	}
	// The question is asked afresh: an answer asked back earlier no longer
	// waits.
	if err := r.keepPending(ctx, sub.ID, sub.PendingAnswer, step.State.Pending); err != nil {
		return nil, err
	}
	conv.State = step.State
	if err := r.saveConversation(ctx, req, conv); err != nil {
		return nil, err
	}
	var msgs []Message
	if job.onBehalf {
		msgs = append(msgs, r.reply(req, "bot_report_on_behalf", map[string]any{"Unit": job.unit.Name})...)
	}
	if sub.ReturnNote != "" {
		msgs = append(msgs, r.reply(req, "bot_report_returned_reason", map[string]any{"Reason": sub.ReturnNote})...)
	}
	if notice != "" {
		msgs = append(msgs, Message{ChatID: req.ChatID, Text: notice})
	}
	return append(msgs, r.renderReplies(req, job.form, step)...), nil
}

// alreadySubmitted explains that the report was sent; before the deadline
// it offers to correct it (a new version), after it points to the officer.
func (r *Router) alreadySubmitted(req *request, job *reportJob, p *storage.Period, sub *storage.Submission, reopen bool) ([]Message, bool) {
	data := map[string]any{"Reference": sub.Reference, "Version": sub.Version,
		"Period": locales.Capitalise(r.periodName(req, p))}
	if sub.Status == storage.StatusApproved || req.now.After(dueDate(job.form, p).AddDate(0, 0, 1)) {
		return r.reply(req, "bot_report_locked", data), true
	}
	if reopen {
		return nil, false
	}
	return []Message{{ChatID: req.ChatID, Text: r.t(req, "bot_report_already_sent", data), NumberedButtons: true,
		Buttons: [][]Button{{{Label: r.t(req, "bot_button_edit_report"), Data: dataReopen + job.args(p.Code)}}}}}, true
}

// unitPeriodRefused answers a report the unit does not take for the
// period (a merger or closure came between), or returns nil.
func (r *Router) unitPeriodRefused(req *request, err error, unit string, period *storage.Period) []Message {
	var upe *storage.UnitPeriodError
	if !errors.As(err, &upe) {
		return nil
	}
	return r.reply(req, "bot_report_unit_period", map[string]any{"Unit": unit, "Period": r.periodName(req, period)})
}
