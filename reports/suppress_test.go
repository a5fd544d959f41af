package reports

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"treembot/storage"
)

var (
	rule5        = SmallCountRule{Below: 5, Owner: "LDTBXH"}
	officer      = Viewer{Role: storage.RoleCommuneOfficer}
	districtDesk = Viewer{Role: storage.RoleAdmin, Root: true}
)

func TestSuppressRules(t *testing.T) {
	t.Parallel()
	// A commune (cell 0) of three villages (1, 2, 3).
	commune := func(v1, v2, v3 float64) ([]Cell, []Relation) {
		return []Cell{{Value: v1 + v2 + v3}, {Small: true, Value: v1}, {Small: true, Value: v2}, {Small: true, Value: v3}},
			[]Relation{{Total: 0, Members: []int{1, 2, 3}}}
	}
	S, H, C := Shown, SmallCount, Complement
	cases := []struct {
		name       string
		viewer     Viewer
		v1, v2, v3 float64
		want       []Visibility
	}{
		{"nothing small", officer, 0, 7, 12, []Visibility{S, S, S, S}},
		{"a village's 3 and a larger village hidden with it", officer, 3, 7, 12, []Visibility{S, H, S, C}},
		{"two small villages whose sum would pin both (1+1)", officer, 1, 1, 9, []Visibility{S, H, H, C}},
		{"two small villages with room between them", officer, 2, 3, 0, []Visibility{S, H, H, S}},
		{"a small village beside zeros: the commune is hidden", officer, 3, 0, 0, []Visibility{C, H, C, C}},
		{"5 is not small", officer, 5, 0, 0, []Visibility{S, S, S, S}},
		{"the district's admin sees everything", districtDesk, 3, 0, 0, []Visibility{S, S, S, S}},
		{"the owning office sees everything", Viewer{Role: storage.RoleOfficial, Office: "LDTBXH"}, 3, 0, 0, []Visibility{S, S, S, S}},
		{"another office does not", Viewer{Role: storage.RoleOfficial, Office: "GDDT"}, 3, 7, 12, []Visibility{S, H, S, C}},
		{"an admin on a grouping does not", Viewer{Role: storage.RoleAdmin}, 3, 7, 12, []Visibility{S, H, S, C}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cells, rels := commune(tc.v1, tc.v2, tc.v3)
			got := Suppress(tc.viewer, rule5, cells, rels)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("marks = %v, want %v (commune, villages %v %v %v)", got, tc.want, tc.v1, tc.v2, tc.v3)
			}
		})
	}
}

// district is a random district: cells, relations (lower units first),
// and which cells a viewer would read the same count from twice.
type district struct {
	cells []Cell
	rels  []Relation
}

// randomDistrict builds a district of communes with villages: each
// village's count, the villages' sum per commune, the commune's own
// report (usually that sum, as the form fills it in), and the district's
// totals of both.
func randomDistrict(rng *rand.Rand) district {
	var d district
	add := func(c Cell) int { d.cells = append(d.cells, c); return len(d.cells) - 1 }
	var sums, reports []int
	var totalV, totalC float64
	for range 1 + rng.IntN(3) {
		var villages []int
		var sum float64
		for range rng.IntN(4) {
			v := float64([]int{0, 0, 1, 2, 3, 4, 5, 6, 9, 14}[rng.IntN(10)])
			villages = append(villages, add(Cell{Small: true, Value: v}))
			sum += v
		}
		agg := add(Cell{Value: sum})
		d.rels = append(d.rels, Relation{Total: agg, Members: villages})
		own := sum
		if rng.IntN(4) == 0 {
			own += float64(rng.IntN(3))
		}
		rep := add(Cell{Value: own})
		if own == sum {
			d.rels = append(d.rels, Relation{Total: rep, Members: []int{agg}})
		}
		sums, reports = append(sums, agg), append(reports, rep)
		totalV, totalC = totalV+sum, totalC+own
	}
	// No output shows the district's total of the village reports.
	d.rels = append(d.rels, Relation{Total: add(Cell{Value: totalV, Absent: true}), Members: sums},
		Relation{Total: add(Cell{Value: totalC}), Members: reports})
	return d
}

func TestSuppressLeavesNoHiddenCountWorkedOut(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(13, 2026))
	hiddenSeen := 0
	for trial := range 600 {
		d := randomDistrict(rng)
		marks := Suppress(officer, rule5, d.cells, d.rels)
		for i, c := range d.cells {
			if c.Small && isSmall(c.Value, 5) && marks[i] != SmallCount {
				t.Fatalf("trial %d: small count %v of cell %d is shown", trial, c.Value, i)
			}
		}
		for i, n := range solutions(d, marks, 5) {
			if marks[i] == SmallCount {
				hiddenSeen++
			}
			if marks[i] == SmallCount && n < 2 {
				t.Fatalf("trial %d: small count in cell %d (%v, %v) can be worked out from the figures shown\ncells %+v\nrels %+v\nmarks %v",
					trial, i, d.cells[i].Value, marks[i], d.cells, d.rels, marks)
			}
		}
		if all := Suppress(districtDesk, rule5, d.cells, d.rels); fmt.Sprint(all) != fmt.Sprint(make([]Visibility, len(d.cells))) {
			t.Fatalf("trial %d: the district's admin is shown %v, want everything", trial, all)
		}
	}
	if hiddenSeen < 120 {
		t.Errorf("only %d small counts were hidden over the trials; the generator tests too little", hiddenSeen)
	}
}

// solutions counts, for each hidden cell, how many values (up to 2) it
// takes over every assignment of the hidden cells that agrees with the
// shown cells and every relation: what a viewer who knows the rules and
// the sums could still believe.
func solutions(d district, marks []Visibility, below int) map[int]int {
	// Values above the largest figure by a margin stand for "any larger
	// count": enough room for every alternative a viewer could try.
	bound := below
	for _, c := range d.cells {
		bound = max(bound, 2*int(c.Value)+below)
	}
	var hidden []int
	vals := make([]int, len(d.cells))
	for i, m := range marks {
		if m == Shown {
			vals[i] = int(d.cells[i].Value)
		} else {
			hidden = append(hidden, i)
		}
	}
	seen := map[int]map[int]bool{}
	for _, h := range hidden {
		seen[h] = map[int]bool{}
	}
	assigned := make([]bool, len(d.cells))
	for i, m := range marks {
		assigned[i] = m == Shown
	}
	var walk func(k int)
	walk = func(k int) {
		if !consistent(d.rels, vals, assigned) {
			return
		}
		if k == len(hidden) {
			for _, h := range hidden {
				seen[h][vals[h]] = true
			}
			return
		}
		h := hidden[k]
		lo, hi := 0, bound
		if x, ok := forced(d.rels, vals, assigned, h); ok { // the last unknown of a sum
			lo, hi = x, x
		}
		for x := max(lo, 0); x <= hi; x++ {
			small := x >= 1 && x < below
			if marks[h] == SmallCount && !small || marks[h] == Complement && d.cells[h].Small && small {
				continue
			}
			vals[h], assigned[h] = x, true
			walk(k + 1)
			assigned[h] = false
		}
	}
	walk(0)
	out := map[int]int{}
	for h, s := range seen {
		out[h] = len(s)
	}
	return out
}

// consistent checks every relation whose cells are all assigned, and that
// no assigned members exceed an assigned total.
func consistent(rels []Relation, vals []int, assigned []bool) bool {
	for _, r := range rels {
		sum, all := 0, true
		for _, m := range r.Members {
			if assigned[m] {
				sum += vals[m]
			} else {
				all = false
			}
		}
		if assigned[r.Total] && (sum > vals[r.Total] || all && sum != vals[r.Total]) {
			return false
		}
	}
	return true
}

// forced is the value a sum leaves cell h when every other cell of it is
// assigned.
func forced(rels []Relation, vals []int, assigned []bool, h int) (int, bool) {
	for _, r := range rels {
		in, rest, open := r.Total == h, 0, 0
		for _, m := range r.Members {
			switch {
			case m == h:
				in = true
			case assigned[m]:
				rest += vals[m]
			default:
				open++
			}
		}
		if !in || open > 0 || r.Total != h && !assigned[r.Total] {
			continue
		}
		if r.Total == h {
			return rest, true
		}
		return vals[r.Total] - rest, true
	}
	return 0, false
}
