package locales

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// periodYearly is storage's name for the annual period kind.
const periodYearly = "yearly"

// PeriodName is how a collaborator reads a reporting period, never by its
// code: "báo cáo 6 tháng (01/11/2024–30/04/2025)" or "báo cáo năm 2026"
// (English "6-month report (…)", "2026 annual report"). It is lower-case
// so it can sit inside a sentence; Capitalise it at the start of one.
func (c *Catalog) PeriodName(lang, kind string, start, end time.Time, loc *time.Location) string {
	if kind == periodYearly {
		return c.T(lang, "period_yearly", map[string]any{"Year": end.In(loc).Year()})
	}
	return c.T(lang, "period_six_monthly", map[string]any{
		"Start": FormatDate(start, loc), "End": FormatDate(end, loc)})
}

// Capitalise upper-cases the first letter, for a phrase that starts a
// sentence or a line.
func Capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	var b strings.Builder
	b.WriteRune(unicode.ToUpper(r))
	b.WriteString(s[n:])
	return b.String()
}
