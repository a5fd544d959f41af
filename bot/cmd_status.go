package bot

import (
	"context"
	"fmt"
	"strings"

	"treembot/flows"
	"treembot/locales"
	"treembot/storage"
)

func flowsButton(data string) flows.Input { return flows.Input{Button: data} }

// cmdStatus lists the caller's unit's submissions and the open periods
// still owed, each period by its name, never its code.
func (r *Router) cmdStatus(ctx context.Context, req *request, _ string) ([]Message, error) {
	subs, err := r.Store.SubmissionsOfUnit(ctx, req.user.UnitID)
	if err != nil {
		return nil, fmt.Errorf("list submissions: %w", err)
	}
	open, err := r.Store.OpenPeriods(ctx, req.now)
	if err != nil {
		return nil, fmt.Errorf("open periods: %w", err)
	}
	var lines []string
	sent := map[uint]bool{}
	for i := range subs {
		lines = append(lines, r.statusLine(req, &subs[i]))
		sent[subs[i].PeriodID] = subs[i].Status == storage.StatusSubmitted || subs[i].Status == storage.StatusApproved
	}
	owed := 0
	for i := range open {
		if _, seen := sent[open[i].ID]; !seen && isReporter(req.user) {
			owed++
			lines = append(lines, r.t(req, "bot_status_owed", map[string]any{
				"Period": locales.Capitalise(r.periodName(req, &open[i])), "Deadline": locales.FormatDate(open[i].Deadline, r.Zone)}))
		}
	}
	switch {
	case !isReporter(req.user) && len(lines) == 0:
		lines = append(lines, r.t(req, "bot_status_not_reporter"))
	case len(lines) == 0:
		lines = append(lines, r.t(req, "bot_status_nothing"))
	}
	text := r.t(req, "bot_status_title", map[string]any{"Unit": r.unitName(ctx, req)}) + "\n" + strings.Join(lines, "\n")
	msg := Message{ChatID: req.ChatID, Text: text}
	if isReporter(req.user) && len(open) > 0 {
		msg.Buttons = [][]Button{{{Label: r.t(req, reportButton(open, sent, owed)), Data: dataReport}}}
		msg.NumberedButtons = true
	}
	return r.withUnitsProgress(ctx, req, []Message{msg})
}

// statusLine is one submission: its period, state, receipt and when it
// was sent ("lúc 08:00 ngày 08/05/2025").
func (r *Router) statusLine(req *request, s *storage.SubmissionWithPeriod) string {
	data := map[string]any{"Period": locales.Capitalise(r.periodName(req, &s.Period)),
		"Status": r.t(req, "bot_status_"+s.Status), "Reference": s.Reference, "Version": s.Version, "At": ""}
	if s.SubmittedAt != nil {
		data["At"] = r.moment(req, *s.SubmittedAt)
	}
	return r.t(req, "bot_status_line", data)
}

// reportButton offers to correct when every open period's report is sent,
// else to enter one.
func reportButton(open []storage.Period, sent map[uint]bool, owed int) string {
	if owed > 0 {
		return "bot_button_report"
	}
	for _, p := range open {
		if !sent[p.ID] {
			return "bot_button_report"
		}
	}
	return "bot_button_edit_report"
}
