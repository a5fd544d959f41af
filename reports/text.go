package reports

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"treembot/locales"
	"treembot/storage"
)

// MaxTableWidth is how wide a monospace line may be to stay readable on a
// phone without wrapping.
const MaxTableWidth = 32

// maxFlagsShown keeps a summary short; the rest are in the Excel file.
const maxFlagsShown = 5

// SummaryText is a summary as chat messages: Head and Foot are plain
// text, Table must be shown in monospace.
type SummaryText struct {
	Head  string
	Table string
	Foot  string
}

// RenderSummary writes a summary for a chat in lang.
func RenderSummary(cat *locales.Catalog, lang string, s *Summary, zone *time.Location) SummaryText {
	head := cat.T(lang, "reports_summary_head", map[string]any{
		"Unit": s.Unit.Name, "Period": PeriodLabel(cat, lang, s.Period, zone)})
	head += "\n" + renderCompleteness(cat, lang, &s.Progress)
	var table strings.Builder
	table.WriteString(tableRow(cat.T(lang, "reports_col_code"), cat.T(lang, "reports_col_value"),
		cat.T(lang, "reports_col_target", map[string]any{"Year": s.Milestone}), ""))
	for _, p := range s.Parts {
		t := p.At(s.Milestone)
		table.WriteString("\n" + tableRow(p.Part.Code, FormatFigure(lang, p.Part, p.Value), FormatTarget(lang, p.Part, t.Target), Mark(t.State)))
	}
	foot := cat.T(lang, "reports_summary_legend")
	if annualised(s.Parts) {
		foot += "\n" + cat.T(lang, "reports_summary_annualised")
	}
	if note := HiddenNote(cat, lang, s.Parts); note != "" {
		foot += "\n" + note
	}
	if len(s.CrossChecks) > 0 {
		foot += "\n\n" + renderCrossChecks(cat, lang, s)
	}
	if len(s.Unusual) > 0 {
		foot += "\n\n" + renderFlags(cat, lang, s)
	}
	return SummaryText{Head: head, Table: table.String(), Foot: foot}
}

// tableRow lays out code (8), value (8, right), target (8, right) and a
// mark: 29 columns at most, with emoji two columns wide.
func tableRow(code, value, target, mark string) string {
	row := pad(clip(code, 8), 8, false) + " " + pad(clip(value, 8), 8, true) + " " + pad(clip(target, 8), 8, true)
	if mark != "" {
		row += " " + mark
	}
	return strings.TrimRight(row, " ")
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func pad(s string, n int, right bool) string {
	gap := strings.Repeat(" ", max(0, n-utf8.RuneCountInString(s)))
	if right {
		return gap + s
	}
	return s + gap
}

// DisplayWidth is how many monospace columns s takes: emoji take two,
// variation selectors none.
func DisplayWidth(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case r == 0xFE0F || r == 0x200D:
		case r >= 0x1F300 || r == '✅' || r == '⚠' || r == '⏳':
			w += 2
		default:
			w++
		}
	}
	return w
}

// Mark is the sign shown for a target state.
func Mark(state string) string {
	switch state {
	case Met:
		return "✅"
	case NotMet:
		return "⚠️"
	}
	return "—"
}

// decimalsFor picks how precisely a part is shown: as precisely as its
// targets are written, one more for targets under 1 (0.01 % of children),
// at least one for rates.
func decimalsFor(p storage.IndicatorPart) int {
	if p.Unit == storage.PartCount {
		return 0
	}
	d := 1
	for _, t := range []*float64{p.Target2025, p.Target2030} {
		if t == nil {
			continue
		}
		s := locales.CanonicalNumber(*t)
		if _, frac, ok := strings.Cut(s, "."); ok {
			n := len(frac)
			if math.Abs(*t) < 1 {
				n++
			}
			d = max(d, n)
		}
	}
	return min(d, 3)
}

func unitSign(p storage.IndicatorPart) string {
	switch p.Unit {
	case storage.PartPercent:
		return "%"
	case storage.PartPer1000:
		return "‰"
	}
	return ""
}

// FormatFigure writes a part's value ("7,1‰", "66,7%", "3"), or "—" for
// no data; an annualised estimate starts with "≈".
func FormatFigure(lang string, p storage.IndicatorPart, v Value) string {
	if v.Hidden != Shown {
		return HiddenText(v.Hidden, v.Below)
	}
	if !v.OK {
		return "—"
	}
	out := locales.FormatNumber(lang, v.Figure, decimalsFor(p)) + unitSign(p)
	if v.Annualised {
		out = "≈" + out
	}
	return out
}

// FormatTarget writes a target with its bound ("<9,5‰", "≥90%", "=0"), or
// "—" when the plan sets none.
func FormatTarget(lang string, p storage.IndicatorPart, t Target) string {
	if !t.Set {
		return "—"
	}
	op := map[string]string{"<=": "≤", ">=": "≥"}[t.Op]
	if op == "" {
		op = t.Op
	}
	return op + locales.FormatNumber(lang, t.Value, 3) + unitSign(p)
}

// renderFlags lists the first unusual values.
func renderFlags(cat *locales.Catalog, lang string, s *Summary) string {
	var b strings.Builder
	b.WriteString(cat.N(lang, "reports_unusual_head", len(s.Unusual), map[string]any{"Previous": s.Previous.Code}))
	for i, f := range s.Unusual {
		if i == maxFlagsShown {
			b.WriteString("\n" + cat.N(lang, "reports_unusual_more", len(s.Unusual)-maxFlagsShown, nil))
			break
		}
		b.WriteString("\n" + cat.T(lang, "reports_unusual_line", map[string]any{
			"Unit": f.Unit.Name, "Element": ElementLabel(lang, s.Elements[f.ElementCode], f.ElementCode),
			"Value": locales.FormatNumber(lang, f.Value, 2), "Previous": locales.FormatNumber(lang, f.Previous, 2)}))
	}
	return b.String()
}

// ElementLabel is an element's label in lang, or its code when unknown.
func ElementLabel(lang string, e storage.DataElement, code string) string {
	switch {
	case lang == locales.EN && e.LabelEN != "":
		return e.LabelEN
	case e.LabelVI != "":
		return e.LabelVI
	}
	return code
}

// PeriodLabel says what a period covers and when it is due: "6 tháng
// 01/11/2024–30/04/2025 (2025-H1), hạn 15/05/2025".
func PeriodLabel(cat *locales.Catalog, lang string, p storage.Period, zone *time.Location) string {
	return cat.T(lang, "reports_period_label", map[string]any{"Code": p.Code,
		"Kind":  cat.T(lang, "reports_period_kind_"+p.Kind),
		"Start": locales.FormatDate(p.Start, zone), "End": locales.FormatDate(p.End, zone),
		"Deadline": locales.FormatDate(p.Deadline, zone)})
}

// names joins people's names, or says there is nobody.
func names(cat *locales.Catalog, lang string, users []storage.User) string {
	if len(users) == 0 {
		return cat.T(lang, "reports_nobody")
	}
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = u.Name
	}
	return strings.Join(out, ", ")
}

// stateOf names where a report owed stands, given its timeliness.
func stateOf(u storage.ScopeUnit, timeliness string) string {
	switch {
	case u.SubmissionID == 0:
		return "none"
	case Counted(u):
		return timeliness
	}
	return u.Status
}
