package reminders

import (
	"strings"

	"treembot/bot/chatmsg"
	"treembot/locales"
	"treembot/storage"
)

// Alerts list at most this many units and unreachable people: a message
// to a district official must stay readable on a phone.
const (
	maxListedUnits  = 25
	maxListedPeople = 15
)

// slotTexts renders one slot's texts, keeping the parts every recipient
// shares (dates, days left, what is missing) so that a national pass
// renders each of them once per language rather than once per person.
type slotTexts struct {
	in    PlanInput
	slot  Slot
	parts map[string]string
}

func newSlotTexts(in PlanInput, s Slot) *slotTexts {
	return &slotTexts{in: in, slot: s, parts: map[string]string{}}
}

// part renders a shared piece once per key.
func (st *slotTexts) part(key string, render func() string) string {
	if v, ok := st.parts[key]; ok {
		return v
	}
	v := render()
	st.parts[key] = v
	return v
}

// reporter is a reminder to one reporter about their unit's report: which
// period, which deadline, how long is left, and what is missing.
func (st *slotTexts) reporter(p *storage.ReminderPerson, unit, status string) string {
	in, s, cat := st.in, st.slot, st.in.Catalog
	lang := locales.NormaliseLang(p.Language, locales.VI)
	data := map[string]any{
		"You": cat.Address(lang, p.Title, p.Name), "Unit": unit, "Period": locales.Capitalise(st.periodName(lang)),
		"Deadline": st.part("deadline", func() string { return locales.FormatDate(s.Period.Deadline, in.Zone) }),
		"When": st.part("when/"+lang, func() string {
			return whenText(cat, lang, daysBetween(in.Now, s.Period.Deadline, in.Zone))
		}),
		"Missing": st.part("missing/"+lang+"/"+status, func() string { return cat.T(lang, missingKey(status)) }),
	}
	id := "reminders_due"
	switch {
	case s.Rule.Kind == ruleNudge:
		id = "reminders_nudge"
	case s.Rule.Kind == storage.RuleFix:
		id = "reminders_fix_late"
	case status == storage.StatusReturned:
		id = "reminders_fix"
	}
	return cat.T(lang, id, data)
}

// button starts /report when pressed.
func (st *slotTexts) button(lang string) *chatmsg.Button {
	label := st.part("button/"+lang, func() string { return "📝 " + st.in.Catalog.T(lang, "reminders_button_report") })
	return &chatmsg.Button{Label: label, Data: "cmd:report"}
}

// missingKey names what is missing for a unit in status.
func missingKey(status string) string {
	switch status {
	case storage.StatusDraft:
		return "reminders_missing_draft"
	case storage.StatusReturned:
		return "reminders_missing_returned"
	}
	return "reminders_missing_none"
}

// whenText says how far the deadline is: days left, today, or days late.
func whenText(cat *locales.Catalog, lang string, days int) string {
	switch {
	case days > 0:
		return cat.N(lang, "reminders_days_left", days, nil)
	case days == 0:
		return cat.T(lang, "reminders_deadline_today")
	}
	return cat.N(lang, "reminders_days_late", -days, nil)
}

// periodName is the period as reporters read it, never its code: "báo
// cáo 6 tháng (01/11/2024–30/04/2025)".
func (st *slotTexts) periodName(lang string) string {
	return st.part("period/"+lang, func() string {
		p := st.slot.Period
		return st.in.Catalog.PeriodName(lang, p.Kind, p.Start, p.End, st.in.Zone)
	})
}

// alertText tells an official or officer which units (or offices) have
// not submitted, and which of their reporters no reminder can reach.
func (ix *index) alertText(in PlanInput, s Slot, p *storage.ReminderPerson, units []missingUnit) string {
	lang := locales.NormaliseLang(p.Language, locales.VI)
	cat := in.Catalog
	head := "reminders_overdue_head"
	if s.Rule.Kind == storage.RuleDigest {
		head = "reminders_digest_head"
	}
	var b strings.Builder
	b.WriteString(cat.N(lang, head, len(units), map[string]any{
		"You":    cat.Address(lang, p.Title, p.Name),
		"Period": cat.PeriodName(lang, s.Period.Kind, s.Period.Start, s.Period.End, in.Zone), "Deadline": locales.FormatDate(s.Period.Deadline, in.Zone),
		"Late": whenText(cat, lang, daysBetween(in.Now, s.Period.Deadline, in.Zone)),
	}))
	var unreachable []string
	for i, u := range units {
		unit := ix.dutyName(u.duty, lang)
		if i < maxListedUnits {
			b.WriteString("\n" + cat.T(lang, "reminders_alert_line", map[string]any{
				"Unit": unit, "State": cat.T(lang, stateKey(u.Status))}))
		}
		for _, name := range u.Unreachable {
			unreachable = append(unreachable, cat.T(lang, "reminders_unreachable_line",
				map[string]any{"Name": name, "Unit": unit}))
		}
	}
	if extra := len(units) - maxListedUnits; extra > 0 {
		b.WriteString("\n" + cat.N(lang, "reminders_alert_more", extra, nil))
	}
	if len(unreachable) > 0 {
		b.WriteString("\n\n" + cat.T(lang, "reminders_unreachable_head"))
		for i, line := range unreachable {
			if i == maxListedPeople {
				b.WriteString("\n" + cat.N(lang, "reminders_people_more", len(unreachable)-i, nil))
				break
			}
			b.WriteString("\n" + line)
		}
	}
	return b.String()
}

// stateKey names a missing unit's state in an alert.
func stateKey(status string) string {
	switch status {
	case storage.StatusDraft:
		return "reminders_state_draft"
	case storage.StatusReturned:
		return "reminders_state_returned"
	}
	return "reminders_state_none"
}
