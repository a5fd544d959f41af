package bot

import (
	"context"
	"fmt"
	"strings"

	"treembot/flows"
	"treembot/locales"
)

func flowsButton(data string) flows.Input { return flows.Input{Button: data} }

// cmdStatus lists the caller's unit's submissions and the open periods
// still owed.
func (r *Router) cmdStatus(ctx context.Context, req *request, _ string) ([]Message, error) {
	subs, err := r.Store.SubmissionsOfUnit(ctx, req.user.UnitID)
	if err != nil {
		return nil, fmt.Errorf("list submissions: %w", err)
	}
	open, err := r.Store.OpenPeriods(ctx, req.now)
	if err != nil {
		return nil, fmt.Errorf("open periods: %w", err)
	}
	var b strings.Builder
	b.WriteString(r.t(req, "bot_status_title", map[string]any{"Unit": r.unitName(ctx, req)}))
	seen := map[uint]bool{}
	for _, s := range subs {
		seen[s.PeriodID] = true
		data := map[string]any{"Period": s.Period.Code, "Status": r.t(req, "bot_status_"+s.Status),
			"Reference": s.Reference, "Version": s.Version, "At": ""}
		if s.SubmittedAt != nil {
			data["At"] = locales.FormatDateTime(*s.SubmittedAt, r.Zone)
		}
		b.WriteString("\n" + r.t(req, "bot_status_line", data))
	}
	for i := range open {
		if !seen[open[i].ID] && isReporter(req.user) {
			b.WriteString("\n" + r.t(req, "bot_status_owed", map[string]any{
				"Period": open[i].Code, "Deadline": locales.FormatDate(open[i].Deadline, r.Zone)}))
		}
	}
	if len(subs) == 0 && len(open) == 0 {
		b.WriteString("\n" + r.t(req, "bot_status_nothing"))
	}
	msg := Message{ChatID: req.ChatID, Text: b.String()}
	if isReporter(req.user) && len(open) > 0 {
		msg.Buttons = [][]Button{{{Label: r.t(req, "bot_button_report"), Data: dataReport}}}
		msg.NumberedButtons = true
	}
	return r.withUnitsProgress(ctx, req, []Message{msg})
}
