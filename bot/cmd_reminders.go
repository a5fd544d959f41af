package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"treembot/locales"
	"treembot/storage"
)

// ReminderAdmin is what /reminders and /remind need from the reminder
// service; *reminders.Service implements it. Wire it as Deps.Reminders.
type ReminderAdmin interface {
	// Upcoming lists the reminders planned from from until until, each with
	// how many people would get it as things stand.
	Upcoming(ctx context.Context, from, until time.Time) ([]UpcomingReminder, error)
	// Nudge queues a one-off reminder to the reporters of the unit with
	// code, for every open period it still owes; storage.ErrNotFound for
	// an unknown unit.
	Nudge(ctx context.Context, code string, now time.Time) (NudgeResult, error)
}

// reminderAdminRoles may see and trigger reminders.
var reminderAdminRoles = []string{storage.RoleAdmin}

// reminderHorizon is how far ahead /reminders looks.
const reminderHorizon = 7 * 24 * time.Hour

// cmdReminders lists the reminders planned for the next 7 days.
func (r *Router) cmdReminders(ctx context.Context, req *request, _ string) ([]Message, error) {
	if r.Reminders == nil {
		return r.reply(req, "reminders_unavailable"), nil
	}
	list, err := r.Reminders.Upcoming(ctx, req.now, req.now.Add(reminderHorizon))
	if err != nil {
		return nil, fmt.Errorf("upcoming reminders: %w", err)
	}
	if len(list) == 0 {
		return r.reply(req, "reminders_schedule_empty"), nil
	}
	var b strings.Builder
	b.WriteString(r.t(req, "reminders_schedule_title"))
	for _, u := range list {
		b.WriteString("\n" + r.Catalog.N(req.lang, "reminders_schedule_line", u.Recipients, map[string]any{
			"At": locales.FormatDateTime(u.At, r.Zone), "Rule": r.ruleLabel(req, u), "Period": u.Period}))
	}
	b.WriteString("\n" + r.t(req, "reminders_schedule_note"))
	return []Message{{ChatID: req.ChatID, Text: b.String()}}, nil
}

// ruleLabel names a rule the way an admin thinks of it.
func (r *Router) ruleLabel(req *request, u UpcomingReminder) string {
	switch {
	case u.Kind == storage.RuleDue && u.DaysBefore > 0:
		return r.Catalog.N(req.lang, "reminders_rule_due_before", u.DaysBefore, nil)
	case u.Kind == storage.RuleDue:
		return r.t(req, "reminders_rule_due_today")
	case u.Kind == storage.RuleFix || u.Kind == storage.RuleOverdue || u.Kind == storage.RuleDigest:
		return r.t(req, "reminders_rule_"+u.Kind)
	}
	return u.Rule
}

// cmdRemind queues a one-off nudge to a unit's reporters: "/remind VQ-XL-01".
func (r *Router) cmdRemind(ctx context.Context, req *request, args string) ([]Message, error) {
	if r.Reminders == nil {
		return r.reply(req, "reminders_unavailable"), nil
	}
	code := strings.ToUpper(strings.TrimSpace(args))
	if code == "" {
		return r.reply(req, "reminders_remind_usage"), nil
	}
	res, err := r.Reminders.Nudge(ctx, code, req.now)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return r.reply(req, "reminders_remind_unknown", map[string]any{"Code": trimArg(code)}), nil
	case err != nil:
		return nil, fmt.Errorf("nudge %s: %w", code, err)
	case res.Recipients == 0:
		return r.reply(req, "reminders_remind_nothing", map[string]any{"Unit": res.Unit}), nil
	case res.Queued == 0:
		return r.reply(req, "reminders_remind_already", map[string]any{"Unit": res.Unit}), nil
	}
	r.Logger.Info("reminder nudge queued", "unit", code, "queued", res.Queued, "by", req.user.ID)
	text := r.Catalog.N(req.lang, "reminders_remind_queued", res.Queued, map[string]any{
		"Unit": res.Unit, "Periods": strings.Join(res.Periods, ", "), "At": locales.FormatDateTime(res.At, r.Zone)})
	return []Message{{ChatID: req.ChatID, Text: text}}, nil
}
