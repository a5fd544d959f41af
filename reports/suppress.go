package reports

import (
	"math"
	"slices"

	"treembot/storage"
)

// Visibility says whether a figure may be shown to a viewer.
type Visibility uint8

// Marks of a figure. A small count is shown as "< 5"; a complement is a
// figure hidden only so that a small count cannot be worked out from a
// total (shown as "—*").
const (
	Shown Visibility = iota
	SmallCount
	Complement
)

// Viewer is who is looking at figures: their role, their office (an
// official's) and whether their unit is the root of the district.
type Viewer struct {
	Role   string
	Office string
	Root   bool
}

// SmallCountRule is what makes one element's small counts hidden.
type SmallCountRule struct {
	Below int    // counts from 1 to Below-1 are small
	Owner string // the office that owns the element's indicators: it sees them
}

// SeesAll reports whether the viewer sees an element's small counts: the
// district's admins and the owning office's officials do.
func (v Viewer) SeesAll(r SmallCountRule) bool {
	switch v.Role {
	case storage.RoleAdmin:
		return v.Root
	case storage.RoleOfficial:
		return r.Owner != "" && v.Office == r.Owner
	}
	return false
}

// Cell is one figure of one element that some output may show.
type Cell struct {
	Small bool    // of a unit smaller than a commune, or pointing at a family
	Value float64 // a count (a non-integer is never small)
	// Absent is a sum no output shows (a district's total of the village
	// reports): it links cells but tells the viewer nothing.
	Absent bool
}

// Relation says a total cell is the sum of its member cells (indices).
type Relation struct {
	Total   int
	Members []int
}

// Suppress decides which cells of one element a viewer may see. Small
// counts of small cells are hidden; then, relation by relation in the
// order given (lower units first), while the shown figures pin a hidden
// cell to one value, a further cell is hidden: a small member first (the
// largest, so the pair cannot be told apart), else the total. A hidden
// total is then a hidden member of the relation above it. Every cell's
// mark depends only on the relations below it, so the same figure gets
// the same mark in every output of a scope that contains it.
func Suppress(v Viewer, rule SmallCountRule, cells []Cell, rels []Relation) []Visibility {
	marks := make([]Visibility, len(cells))
	if v.SeesAll(rule) {
		return marks
	}
	for i, c := range cells {
		switch {
		case c.Small && isSmall(c.Value, rule.Below):
			marks[i] = SmallCount
		case c.Absent:
			marks[i] = Complement
		}
	}
	sv := &solver{cells: cells, marks: marks, below: max(rule.Below, 2), totalOf: map[int]Relation{}}
	for _, r := range rels {
		sv.totalOf[r.Total] = r
	}
	for _, r := range rels {
		for sv.pinned(r) {
			next := sv.complementOf(r)
			if next < 0 {
				break
			}
			marks[next] = Complement
		}
	}
	return marks
}

func isSmall(v float64, below int) bool {
	return v >= 1 && v < float64(below) && v == math.Trunc(v)
}

// solver holds one element's cells while their marks are decided.
type solver struct {
	cells   []Cell
	marks   []Visibility
	below   int
	totalOf map[int]Relation // the relation each total sums
}

// complementOf picks the cell to hide next in r: the largest shown small
// member, else the total (-1 when the total is hidden already).
func (sv *solver) complementOf(r Relation) int {
	best := -1
	for _, m := range r.Members {
		if sv.marks[m] == Shown && sv.cells[m].Small && (best < 0 || sv.cells[m].Value > sv.cells[best].Value) {
			best = m
		}
	}
	if best >= 0 {
		return best
	}
	if sv.marks[r.Total] == Shown {
		return r.Total
	}
	return -1
}

// pinned reports whether r, with its total shown, leaves a hidden member
// only one possible value: the viewer knows the total, the shown members
// and what each hidden member could be (its domain).
func (sv *solver) pinned(r Relation) bool {
	if sv.marks[r.Total] != Shown {
		return false
	}
	rest := sv.cells[r.Total].Value
	var hidden []int
	for _, m := range r.Members {
		if sv.marks[m] == Shown {
			rest -= sv.cells[m].Value
		} else {
			hidden = append(hidden, m)
		}
	}
	s := int(math.Round(rest))
	switch {
	case len(hidden) == 0:
		return false
	case s < 0 || float64(s) != rest: // not whole counts: only a lone unknown is pinned
		return len(hidden) == 1
	}
	for i, h := range hidden {
		reach := sv.sums(s, slices.Delete(slices.Clone(hidden), i, i+1))
		n := 0
		for _, iv := range sv.domain(h) {
			for x := iv.lo; x <= min(iv.hi, s) && n < 2; x++ {
				if reach[s-x] {
					n++
				}
			}
		}
		if n <= 1 {
			return true
		}
	}
	return false
}

// sums marks which totals 0..s the hidden cells can add up to.
func (sv *solver) sums(s int, hidden []int) []bool {
	reach := make([]bool, s+1)
	reach[0] = true
	for _, h := range hidden {
		prefix := make([]int, s+2) // prefix[i]: reachable totals among 0..i-1
		for i, ok := range reach {
			prefix[i+1] = prefix[i]
			if ok {
				prefix[i+1]++
			}
		}
		next := make([]bool, s+1)
		for _, iv := range sv.domain(h) {
			for t := iv.lo; t <= s; t++ {
				lo, hi := t-min(iv.hi, t), t-iv.lo // reach[t-x] for x in iv
				next[t] = next[t] || prefix[hi+1]-prefix[lo] > 0
			}
		}
		reach = next
	}
	return reach
}
