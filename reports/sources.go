package reports

import (
	"slices"

	"treembot/storage"
)

// formSums holds element totals per source form: each part reads only
// its own form's, so nothing is counted twice.
type formSums map[string]Sums

// sumForms adds each form's counted reports per group (as groupOf says).
func sumForms(codes []string, reports map[string][]storage.ScopeUnit, vecs map[uint][]float64,
	groupOf func(storage.ScopeUnit) uint) map[uint]formSums {
	out := map[uint]formSums{}
	for form, units := range reports {
		for group, sums := range sumVectors(codes, counted(units), vecs, groupOf) {
			if out[group] == nil {
				out[group] = formSums{}
			}
			out[group][form] = sums
		}
	}
	return out
}

// counted keeps the units whose report counts.
func counted(units []storage.ScopeUnit) []storage.ScopeUnit {
	var out []storage.ScopeUnit
	for _, u := range units {
		if Counted(u) {
			out = append(out, u)
		}
	}
	return out
}

// CrossCheck is an element a part is computed from, as its source form
// holds it and as another form does.
type CrossCheck struct {
	PartCode string
	Element  string
	Source   string // the part's source form
	Value    Sum    // the element over the source form's reports (Units 0: none)
	Form     string // the other form
	Other    Sum
}

// crossChecks lists, for each element of a part, its total in every
// other form read that holds it; once per element and form.
func (s *Service) crossChecks(parts []storage.IndicatorPart, sums formSums) []CrossCheck {
	forms := make([]string, 0, len(sums))
	for f := range sums {
		forms = append(forms, f)
	}
	slices.Sort(forms)
	seen := map[[2]string]bool{}
	var out []CrossCheck
	for _, p := range parts {
		src := s.chain.sourceOf(p)
		for _, code := range []string{p.NumeratorCode, p.DenominatorCode} {
			if code == "" || code == storage.DenominatorUnits {
				continue
			}
			for _, f := range forms {
				other := sums[f].Get(code, p.Area)
				if f == src || other.Units == 0 || seen[[2]string{code, f}] {
					continue
				}
				seen[[2]string{code, f}] = true
				out = append(out, CrossCheck{PartCode: p.Code, Element: code, Source: src,
					Value: sums[src].Get(code, p.Area), Form: f, Other: other})
			}
		}
	}
	return out
}
