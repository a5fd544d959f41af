package document

import (
	"strings"
	"testing"
	"time"

	"treembot/locales"
	"treembot/reports"
)

// A part hidden for a viewer reads "—*" in the document's table, and a
// sentence under the table says why; a document with nothing hidden has
// no such sentence.
func TestBuildShowsAHiddenFigureAndWhy(t *testing.T) {
	s := communeSummary()
	for i := range s.Parts {
		if s.Parts[i].Part.Code == "10" {
			s.Parts[i].Value = reports.Value{Hidden: reports.SmallCount, Below: 5}
			s.Parts[i].T2025.State = reports.Withheld
		}
	}
	r := Build(cat, s, Options{Lang: locales.VI, Zone: zone, Date: time.Date(2025, 5, 3, 10, 0, 0, 0, zone)})
	for _, p := range r.Parts {
		if p.Code == "10" && (p.Figure != "< 5" || p.Status != reports.Withheld) {
			t.Errorf("part 10 = %q, %s; want < 5, hidden", p.Figure, p.Status)
		}
	}
	var afterTable string
	body := lay(cat, r).Body
	for i, b := range body {
		if b.Kind == blockTable && i+1 < len(body) {
			afterTable = body[i+1].Text
		}
	}
	if !strings.HasPrefix(afterTable, "< 5: số nhỏ") {
		t.Errorf("the paragraph after the table = %q, want the note on hidden figures", afterTable)
	}
	if plain := communeReport(locales.VI); plain.HiddenNote != "" {
		t.Errorf("a document with nothing hidden explains hiding: %q", plain.HiddenNote)
	}
}
