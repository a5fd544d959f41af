package reports

import (
	"strings"

	"treembot/locales"
	"treembot/storage"
)

// FormTitle is how a form is named in lists: its title in lang, else
// its office's name, else a name for its tier.
func FormTitle(cat *locales.Catalog, lang string, f FormInfo, offices ...storage.Office) string {
	if t := f.Title[lang]; t != "" {
		return t
	}
	if t := f.Title[locales.VI]; t != "" {
		return t
	}
	for _, o := range offices {
		if o.Code == f.Office && o.Code != "" {
			return OfficeName(lang, o)
		}
	}
	switch f.Reporter {
	case ReporterCommune, ReporterVillage, ReporterOffice:
		return cat.T(lang, "reports_form_"+f.Reporter)
	}
	return f.ID
}

// OfficeName is an office's name in lang, or its code.
func OfficeName(lang string, o storage.Office) string {
	switch {
	case lang == locales.EN && o.NameEN != "":
		return o.NameEN
	case o.NameVI != "":
		return o.NameVI
	}
	return o.Code
}

// renderCompleteness writes one line per tier owed in the scope: the
// communes' reports, the villages' (one commune's scope), the offices'.
func renderCompleteness(cat *locales.Catalog, lang string, p *Progress) string {
	var lines []string
	line := func(title string, c Completeness) {
		lines = append(lines, cat.T(lang, "reports_completeness_line", map[string]any{"Form": title,
			"Submitted": c.Submitted(), "Expected": c.Expected, "OnTime": c.OnTime, "Late": c.Late, "Missing": c.Missing}))
	}
	if p.Completeness.Expected > 0 || p.Villages == nil {
		line(FormTitle(cat, lang, p.Forms[p.CommuneForm]), p.Completeness)
	}
	if p.Villages != nil {
		line(FormTitle(cat, lang, p.Forms[p.VillageForm]), p.VillageCompleteness)
	}
	if len(p.OfficeReports) > 0 {
		line(cat.T(lang, "reports_form_office"), p.OfficeCompleteness)
	}
	return strings.Join(lines, "\n")
}

func annualised(parts []PartResult) bool {
	for _, p := range parts {
		if p.Value.Annualised {
			return true
		}
	}
	return false
}

// renderCrossChecks lists the figures another form holds too.
func renderCrossChecks(cat *locales.Catalog, lang string, s *Summary) string {
	b := strings.Builder{}
	b.WriteString(cat.T(lang, "reports_crosscheck_head"))
	value := func(v Sum) string {
		if v.Units == 0 {
			return "—"
		}
		return locales.FormatNumber(lang, v.Total, 2)
	}
	for _, c := range s.CrossChecks {
		b.WriteString("\n" + cat.T(lang, "reports_crosscheck_line", map[string]any{
			"Element": ElementLabel(lang, s.Elements[c.Element], c.Element),
			"Source":  FormTitle(cat, lang, s.Forms[c.Source], s.offices...), "Value": value(c.Value),
			"Form": FormTitle(cat, lang, s.Forms[c.Form], s.offices...), "Other": value(c.Other)}))
	}
	return b.String()
}
