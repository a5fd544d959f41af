package flows

import (
	"cmp"
	"slices"
	"strings"

	"treembot/locales"
)

// Element is one data element as the forms define it: a question id,
// once, however many forms ask it.
type Element struct {
	Code string
	// Label is the question's label with "{unit}" read as a plain "the
	// area", for reports and exports that show it apart from any unit.
	Label    Text
	Type     string
	Min, Max *float64
	// Office is the owning office's code when only office forms ask it;
	// "" when a village or commune form asks it.
	Office string
}

// Elements lists every question of forms once by code, in a stable order:
// the village and commune forms first, then the office forms, each by id,
// questions in form order. A code asked by several forms is one element
// (the library defines it once); its label is the first form's wording.
func Elements(forms map[string]*Form, cat *locales.Catalog) []Element {
	ordered := make([]*Form, 0, len(forms))
	for _, f := range forms {
		ordered = append(ordered, f)
	}
	slices.SortFunc(ordered, func(a, b *Form) int {
		return cmp.Or(cmp.Compare(a.Office, b.Office), cmp.Compare(a.ID, b.ID))
	})
	var out []Element
	seen := map[string]bool{}
	for _, f := range ordered {
		p, err := planOf(f)
		if err != nil {
			continue
		}
		for _, q := range p.order {
			if seen[q.ID] {
				continue
			}
			seen[q.ID] = true
			out = append(out, Element{Code: q.ID, Label: plainText(q.Label, cat), Type: q.Type,
				Min: q.Min, Max: q.Max, Office: f.Office})
		}
	}
	return out
}

// plainText reads "{unit}" in t as the catalogue's word for no unit in
// particular.
func plainText(t Text, cat *locales.Catalog) Text {
	out := make(Text, len(t))
	for lang, s := range t {
		out[lang] = strings.ReplaceAll(s, unitPlaceholder, cat.T(lang, "flows_unit_generic"))
	}
	return out
}
