package reports

import (
	"strings"
	"time"

	"treembot/locales"
	"treembot/storage"
)

// maxListedUnits keeps one chat message under Telegram's 4,096
// characters; the Excel file has every unit.
const maxListedUnits = 60

// RenderOverdue writes who has not reported yet: the communes with their
// officers, the villages with their collaborators (one commune's scope)
// and the offices with their officials.
func RenderOverdue(cat *locales.Catalog, lang string, o *Overdue, zone *time.Location) string {
	data := map[string]any{"Unit": o.Unit.Name, "Period": o.Period.Code,
		"Deadline": locales.FormatDate(o.Period.Deadline, zone)}
	if o.Missing() == 0 {
		return cat.T(lang, "reports_overdue_none", data)
	}
	var b strings.Builder
	b.WriteString(cat.T(lang, "reports_overdue_head", data))
	list := overdueList{cat: cat, lang: lang, b: &b}
	list.units(FormTitle(cat, lang, o.Forms[o.CommuneForm]), o.Completeness, o.Period.Deadline, o.Communes, o.Period, zone)
	list.units(FormTitle(cat, lang, o.Forms[o.VillageForm]), o.VillageCompleteness,
		VillageDeadlineEnd(o.Period, zone).AddDate(0, 0, -1), o.Villages, o.Period, zone)
	if len(o.Offices) > 0 {
		list.head(cat.T(lang, "reports_form_office"), o.OfficeCompleteness, o.Period.Deadline, zone)
		for _, r := range o.Offices {
			list.line(OfficeName(lang, r.Report.Office)+" – "+r.Report.Unit.Name, r.People,
				stateOf(r.Report.Unit, Timeliness(r.Report.Unit, o.Period, zone)))
		}
	}
	if list.more > 0 {
		b.WriteString("\n" + cat.N(lang, "reports_more_units", list.more, nil))
	}
	return b.String()
}

// overdueList writes the sections of an overdue message, at most
// maxListedUnits lines in all.
type overdueList struct {
	cat    *locales.Catalog
	lang   string
	b      *strings.Builder
	listed int
	more   int
}

func (l *overdueList) head(title string, c Completeness, due time.Time, zone *time.Location) {
	l.b.WriteString("\n\n" + l.cat.T(l.lang, "reports_overdue_section", map[string]any{"Form": title,
		"Missing": c.Missing, "Expected": c.Expected, "Deadline": locales.FormatDate(due, zone)}))
}

func (l *overdueList) units(title string, c Completeness, due time.Time, units []OverdueUnit, p storage.Period, zone *time.Location) {
	if len(units) == 0 {
		return
	}
	l.head(title, c, due, zone)
	for _, u := range units {
		l.line(u.Unit.Name, u.People, stateOf(u.Unit, Timeliness(u.Unit, p, zone)))
	}
}

func (l *overdueList) line(name string, people []storage.User, state string) {
	if l.listed == maxListedUnits {
		l.more++
		return
	}
	l.listed++
	l.b.WriteString("\n" + l.cat.T(l.lang, "reports_overdue_line", map[string]any{
		"Unit": name, "People": names(l.cat, l.lang, people), "State": l.cat.T(l.lang, "reports_state_"+state)}))
}

// RenderProgress writes where each report owed stands: what a commune
// officer sees of their villages, or a district of its communes, and the
// offices' reports.
func RenderProgress(cat *locales.Catalog, lang string, p *Progress, zone *time.Location) string {
	var b strings.Builder
	b.WriteString(cat.T(lang, "reports_progress_head", map[string]any{"Unit": p.Unit.Name, "Period": p.Period.Code,
		"Deadline": locales.FormatDate(p.Period.Deadline, zone)}))
	b.WriteString("\n" + renderCompleteness(cat, lang, p))
	units, end := p.Units, DeadlineEnd(p.Period, zone)
	if p.Villages != nil {
		units, end = p.Villages, VillageDeadlineEnd(p.Period, zone)
	}
	listed, more := 0, 0
	line := func(name string, u storage.ScopeUnit, state string) {
		if listed == maxListedUnits {
			more++
			return
		}
		listed++
		at := ""
		if u.SubmittedAt != nil && Counted(u) {
			at = locales.FormatDateTime(*u.SubmittedAt, zone)
		}
		b.WriteString("\n" + cat.T(lang, "reports_progress_line", map[string]any{"Unit": name,
			"State": cat.T(lang, "reports_state_"+state), "At": at, "Reference": u.Reference}))
	}
	for _, u := range units {
		if p.Villages != nil || Expected(u) {
			line(u.Name, u, stateOf(u, timeliness(u, end)))
		}
	}
	for _, r := range p.OfficeReports {
		line(OfficeName(lang, r.Office)+" – "+r.Unit.Name, r.Unit, stateOf(r.Unit, Timeliness(r.Unit, p.Period, zone)))
	}
	if more > 0 {
		b.WriteString("\n" + cat.N(lang, "reports_more_units", more, nil))
	}
	return b.String()
}
