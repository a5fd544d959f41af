package reports

import (
	"math"
	"slices"
)

// span is the whole numbers lo..hi (hi = unbounded for "or more").
type span struct{ lo, hi int }

const unbounded = math.MaxInt32

// domain is what a hidden cell could be, as a viewer who knows the rules
// works it out: a small count is 1 to below-1; a hidden small cell that
// is not a small count is 0 or at least below; a hidden total is what
// its members could add up to; anything else is any count.
func (sv *solver) domain(i int) []span {
	switch {
	case sv.marks[i] == Shown:
		v := int(math.Round(sv.cells[i].Value))
		return []span{{v, v}}
	case sv.marks[i] == SmallCount:
		return []span{{1, sv.below - 1}}
	case sv.cells[i].Small:
		return []span{{0, 0}, {sv.below, unbounded}}
	}
	r, ok := sv.totalOf[i]
	if !ok {
		return []span{{0, unbounded}}
	}
	out := []span{{0, 0}}
	for _, m := range r.Members {
		out = addSpans(out, sv.domain(m))
	}
	return out
}

// addSpans is every sum of a value of a and a value of b, merged.
func addSpans(a, b []span) []span {
	var out []span
	for _, x := range a {
		for _, y := range b {
			hi := unbounded
			if x.hi < unbounded && y.hi < unbounded {
				hi = x.hi + y.hi
			}
			out = append(out, span{x.lo + y.lo, hi})
		}
	}
	slices.SortFunc(out, func(p, q span) int { return p.lo - q.lo })
	merged := out[:1]
	for _, s := range out[1:] {
		last := &merged[len(merged)-1]
		if s.lo <= last.hi+1 {
			last.hi = max(last.hi, s.hi)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}
