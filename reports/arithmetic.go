package reports

import "treembot/storage"

// Sum is one element's total over some units and how many units answered.
type Sum struct {
	Total float64
	Units int
}

// Sums holds element totals for one group of units, by element code and
// unit area (rural, urban).
type Sums map[string]map[string]Sum

// Add folds in an element's total over some units of one area.
func (s Sums) Add(code, area string, total float64, units int) {
	byArea := s[code]
	if byArea == nil {
		byArea = map[string]Sum{}
		s[code] = byArea
	}
	cur := byArea[area]
	byArea[area] = Sum{Total: cur.Total + total, Units: cur.Units + units}
}

// Get returns an element's total over units of area ("" = every area).
func (s Sums) Get(code, area string) Sum {
	var out Sum
	for a, v := range s[code] {
		if area == "" || a == area {
			out.Total += v.Total
			out.Units += v.Units
		}
	}
	return out
}

// Value is one indicator part's figure over some units.
type Value struct {
	Numerator   float64
	Denominator float64 // 0 for plain counts
	// Figure is Numerator/Denominator × Multiplier, or the plain count.
	Figure float64
	// OK is false when there is no data: nobody answered, or the
	// denominator is zero. Such a value is shown as "no data", never 0.
	OK bool
	// Annualised marks a 6-month figure doubled as the year's estimate.
	Annualised bool
	// Hidden marks a value the viewer may not see (then OK is false and
	// no numbers are set); Below is the small-count threshold.
	Hidden Visibility
	Below  int
}

// PartValue computes a part from summed counts: Σnumerator/Σdenominator ×
// Multiplier over the units of the part's area. A count part is a plain
// sum; a "units" denominator is the number of units that answered the
// yes/no numerator, so the figure is the share answering yes.
func PartValue(p storage.IndicatorPart, s Sums) Value {
	num := s.Get(p.NumeratorCode, p.Area)
	if num.Units == 0 {
		return Value{}
	}
	mult := p.Multiplier
	if mult == 0 {
		mult = 1
	}
	switch p.DenominatorCode {
	case "":
		return Value{Numerator: num.Total, Figure: num.Total * mult, OK: true}
	case storage.DenominatorUnits:
		den := float64(num.Units)
		return Value{Numerator: num.Total, Denominator: den, Figure: num.Total / den * mult, OK: true}
	}
	den := s.Get(p.DenominatorCode, p.Area)
	if den.Total == 0 {
		return Value{Numerator: num.Total}
	}
	return Value{Numerator: num.Total, Denominator: den.Total, Figure: num.Total / den.Total * mult, OK: true}
}

// partElements lists the element codes the parts are computed from.
func partElements(parts []storage.IndicatorPart) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range parts {
		for _, c := range []string{p.NumeratorCode, p.DenominatorCode} {
			if c != "" && c != storage.DenominatorUnits && !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}
