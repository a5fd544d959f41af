package reports

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"treembot/storage"
)

// figureKey names one figure of a scope: an element on a form, a unit's
// own report (own) or the sum over its subtree.
type figureKey struct {
	unit    uint
	form    string
	element string
	own     bool
}

// Protection is what a viewer may see of a scope's sensitive figures.
type Protection struct {
	rules map[string]SmallCountRule // the elements the viewer may not see whole
	marks map[figureKey]Visibility
	alias map[figureKey]figureKey // a sum that is one figure below it
}

// Rule returns an element's rule when the viewer's view of it is limited.
func (p *Protection) Rule(element string) (SmallCountRule, bool) {
	if p == nil {
		return SmallCountRule{}, false
	}
	r, ok := p.rules[element]
	return r, ok
}

// Sum is how a unit's total of an element on a form may be shown.
func (p *Protection) Sum(unit uint, form, element string) Visibility {
	return p.mark(figureKey{unit, form, element, false})
}

// Own is how a unit's own counted report of an element may be shown.
func (p *Protection) Own(unit uint, form, element string) Visibility {
	return p.mark(figureKey{unit, form, element, true})
}

func (p *Protection) mark(k figureKey) Visibility {
	if p == nil {
		return Shown
	}
	if a, ok := p.alias[k]; ok {
		k = a
	}
	return p.marks[k]
}

// smallCountRules lists the sensitive elements the viewer may not see
// whole, each with the office that owns it (its own office for an office
// form's element, else the office of the indicator it is counted in).
func smallCountRules(v Viewer, elements []storage.DataElement, parts []storage.IndicatorPart,
	indicators []storage.Indicator) map[string]SmallCountRule {
	office := map[string]string{}
	for _, ind := range indicators {
		office[ind.Code] = ind.OfficeCode
	}
	owner := map[string]string{}
	for _, p := range parts {
		for _, c := range []string{p.NumeratorCode, p.DenominatorCode} {
			if owner[c] == "" {
				owner[c] = office[p.IndicatorCode]
			}
		}
	}
	out := map[string]SmallCountRule{}
	for _, e := range elements {
		if !e.Sensitive {
			continue
		}
		r := SmallCountRule{Below: max(e.SuppressBelow, 2), Owner: e.OfficeCode}
		if r.Owner == "" {
			r.Owner = owner[e.Code]
		}
		if !v.SeesAll(r) {
			out[e.Code] = r
		}
	}
	return out
}

// protection decides what the viewer may see of the sensitive figures
// under the scope's root: nil when they may see everything.
func (s *Service) protection(ctx context.Context, v *Viewer, prog *Progress, elements []storage.DataElement,
	parts []storage.IndicatorPart) (*Protection, error) {
	if v == nil {
		return nil, nil
	}
	indicators, err := s.src.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	rules := smallCountRules(*v, elements, parts, indicators)
	if len(rules) == 0 {
		return nil, nil
	}
	own, err := s.ownFigures(ctx, prog, slices.Sorted(mapKeys(rules)), s.chain.sources(parts))
	if err != nil {
		return nil, err
	}
	return protect(*v, rules, s.chain, prog.Units, own), nil
}

// protect lays out each limited element's figures over the units and
// decides, with Suppress, what the viewer may see.
func protect(v Viewer, rules map[string]SmallCountRule, c chain, units []storage.ScopeUnit,
	own map[figureKey]float64) *Protection {
	p := &Protection{rules: rules, marks: map[figureKey]Visibility{}, alias: map[figureKey]figureKey{}}
	for code, rule := range rules {
		t := newFigureTable(c, units, code)
		t.build(own)
		for i, m := range Suppress(v, rule, t.cells, t.rels) {
			p.marks[t.keys[i]] = m
		}
		for k, a := range t.alias {
			p.alias[k] = a
		}
	}
	return p
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// ownFigures reads each unit's counted report values of the elements on
// the village and commune reports and the parts' sources.
func (s *Service) ownFigures(ctx context.Context, prog *Progress, codes, sources []string) (map[figureKey]float64, error) {
	forms := []string{s.chain.village}
	for _, f := range sources {
		if !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	subs, err := s.src.CountedSubmissions(ctx, prog.Unit.ID, prog.Period.ID, forms)
	if err != nil {
		return nil, err
	}
	type unitForm struct {
		unit uint
		form string
	}
	head := map[unitForm]storage.SubmissionStamp{} // the newest counted report per unit and form
	for _, sub := range subs {
		k := unitForm{sub.UnitID, sub.FormID}
		if cur, ok := head[k]; !ok || sub.ID > cur.ID {
			head[k] = sub
		}
	}
	ids := make([]uint, 0, len(head))
	byID := map[uint]storage.SubmissionStamp{}
	for _, sub := range head {
		ids, byID[sub.ID] = append(ids, sub.ID), sub
	}
	rows, err := s.src.SubmissionValues(ctx, ids, codes)
	if err != nil {
		return nil, err
	}
	out := map[figureKey]float64{}
	for _, r := range rows {
		sub := byID[r.SubmissionID]
		if f, err := strconv.ParseFloat(strings.TrimSpace(r.Value), 64); err == nil {
			out[figureKey{sub.UnitID, sub.FormID, r.ElementCode, true}] = f
		}
	}
	return out, nil
}
