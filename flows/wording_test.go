package flows

import (
	"strings"
	"testing"

	"treembot/locales"
)

// unitForm asks one count whose label and help name the reporting unit.
func unitForm() *Form {
	zero := 0.0
	return &Form{ID: "unit_words", Version: 1, Reporter: ReporterVillage,
		Title: Text{"vi": "Phiếu thử", "en": "Test form"},
		Sections: []Section{{ID: "main", Title: Text{"vi": "Chính", "en": "Main"}, Questions: []Question{{
			ID: "kids", Type: TypeCount, Required: true, Min: &zero,
			Label: Text{"vi": "Số trẻ em ở {unit}", "en": "Children in {unit}"},
			Help:  Text{"vi": "Chỉ tính trẻ sống ở {unit}.", "en": "Only those living in {unit}."},
		}}}}}
}

// "{unit}" in a label or help reads as the unit's name, or as a plain
// "your area" when the caller knows none, never as the placeholder.
func TestLabelsNameTheUnit(t *testing.T) {
	e := NewEngine(locales.MustLoad())
	cases := []struct{ lang, unit, want string }{
		{locales.VI, "Thôn Pác Làng", "Số trẻ em ở Thôn Pác Làng\nℹ️ Chỉ tính trẻ sống ở Thôn Pác Làng."},
		{locales.EN, "Pác Làng village", "Children in Pác Làng village\nℹ️ Only those living in Pác Làng village."},
		{locales.VI, "", "Số trẻ em ở địa bàn của anh/chị"},
		{locales.EN, "", "Children in your area"},
	}
	for _, c := range cases {
		step := e.Start(unitForm(), map[string]string{}, Context{Lang: c.lang, UnitName: c.unit})
		got := replyText(step)
		if !strings.Contains(got, c.want) || strings.Contains(got, "{unit}") {
			t.Errorf("%s, unit %q: prompt\n%s\nwant it to contain %q", c.lang, c.unit, got, c.want)
		}
	}
}
