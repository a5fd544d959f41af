package reports

import (
	"strings"
	"time"

	"treembot/locales"
)

// maxListedUnits keeps one chat message under Telegram's 4,096
// characters; the Excel file has every unit.
const maxListedUnits = 60

// RenderOverdue writes who has not reported yet, grouped by commune with
// its officers, and each unit's reporters.
func RenderOverdue(cat *locales.Catalog, lang string, o *Overdue, zone *time.Location) string {
	c := o.Completeness
	data := map[string]any{"Unit": o.Unit.Name, "Period": o.Period.Code, "Expected": c.Expected,
		"Missing": c.Missing, "Deadline": locales.FormatDate(o.Period.Deadline, zone)}
	if len(o.Groups) == 0 {
		return cat.T(lang, "reports_overdue_none", data)
	}
	var b strings.Builder
	b.WriteString(cat.T(lang, "reports_overdue_head", data))
	listed := 0
	for _, g := range o.Groups {
		if listed == maxListedUnits {
			b.WriteString("\n\n" + cat.N(lang, "reports_more_units", c.Missing-listed, nil))
			break
		}
		b.WriteString("\n\n" + cat.T(lang, "reports_overdue_group", map[string]any{
			"Unit": g.Parent.Name, "Officers": officerNames(g), "HasOfficers": len(g.Officers) > 0}))
		for _, u := range g.Units {
			if listed == maxListedUnits {
				break
			}
			listed++
			b.WriteString("\n" + cat.T(lang, "reports_overdue_line", map[string]any{
				"Unit": u.Unit.Name, "People": names(cat, lang, u.People),
				"State": cat.T(lang, "reports_state_"+stateOf(u.Unit, o.Period, zone))}))
		}
	}
	return b.String()
}

func officerNames(g OverdueGroup) string {
	out := make([]string, len(g.Officers))
	for i, u := range g.Officers {
		out[i] = u.Name
	}
	return strings.Join(out, ", ")
}

// RenderProgress writes where each expected unit's report stands: what a
// commune officer sees of their villages.
func RenderProgress(cat *locales.Catalog, lang string, p *Progress, zone *time.Location) string {
	c := p.Completeness
	var b strings.Builder
	b.WriteString(cat.T(lang, "reports_progress_head", map[string]any{"Unit": p.Unit.Name, "Period": p.Period.Code,
		"Submitted": c.Submitted(), "Expected": c.Expected, "Deadline": locales.FormatDate(p.Period.Deadline, zone)}))
	listed := 0
	for _, u := range p.Units {
		if !Expected(u) || u.ID == p.Unit.ID && len(p.Units) > 1 {
			continue
		}
		if listed == maxListedUnits {
			b.WriteString("\n" + cat.N(lang, "reports_more_units", c.Expected-listed, nil))
			break
		}
		listed++
		at := ""
		if u.SubmittedAt != nil && Counted(u) {
			at = locales.FormatDateTime(*u.SubmittedAt, zone)
		}
		b.WriteString("\n" + cat.T(lang, "reports_progress_line", map[string]any{"Unit": u.Name,
			"State": cat.T(lang, "reports_state_"+stateOf(u, p.Period, zone)), "At": at, "Reference": u.Reference}))
	}
	return b.String()
}
