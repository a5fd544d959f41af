package reports

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"treembot/storage"
)

// randomScope is a district of communes with villages, each unit with a
// report or not: villages on the village form, communes on the commune
// form (usually their villages' sum, as the form fills it in).
func randomScope(rng *rand.Rand) ([]storage.ScopeUnit, map[figureKey]float64) {
	units := []storage.ScopeUnit{{ID: 1, Level: storage.LevelDistrict, Path: "/1/"}}
	own := map[figureKey]float64{}
	for c := range 1 + rng.IntN(3) {
		commune := storage.ScopeUnit{ID: uint(10 + c), ParentID: 1, Level: storage.LevelCommune, Path: fmt.Sprintf("/1/%d/", 10+c)}
		units = append(units, commune)
		var sum float64
		for v := range rng.IntN(4) {
			id := uint(100 + 10*c + v)
			units = append(units, storage.ScopeUnit{ID: id, ParentID: commune.ID, Level: storage.LevelVillage,
				Path: fmt.Sprintf("%s%d/", commune.Path, id)})
			if rng.IntN(6) == 0 {
				continue // no report yet
			}
			n := float64([]int{0, 0, 1, 2, 3, 4, 5, 7, 9, 14}[rng.IntN(10)])
			own[figureKey{id, DefaultVillage, "abuse_cases", true}] = n
			sum += n
		}
		if rng.IntN(5) > 0 {
			own[figureKey{commune.ID, DefaultFormID, "abuse_cases", true}] = sum + float64(rng.IntN(2)*rng.IntN(3))
		}
	}
	return units, own
}

// shownFigures writes out, independently of the figure table, every figure
// an output of the district may show (each unit's own report, each
// unit's total per form; no output shows the village reports' total above
// a commune) with the marks the protection gives them, and how they add
// up.
func shownFigures(units []storage.ScopeUnit, own map[figureKey]float64, p *Protection) (district, []Visibility) {
	var d district
	var marks []Visibility
	add := func(c Cell, m Visibility) int {
		d.cells, marks = append(d.cells, c), append(marks, m)
		return len(d.cells) - 1
	}
	sums := map[figureKey]int{}
	for i := len(units) - 1; i >= 0; i-- { // villages, then communes, then the district
		u := units[i]
		small := smallUnit(u.Level)
		for _, form := range []string{DefaultVillage, DefaultFormID} {
			var members []int
			var total float64
			if v, ok := own[figureKey{u.ID, form, "abuse_cases", true}]; ok {
				members, total = append(members, add(Cell{Small: small, Value: v}, p.Own(u.ID, form, "abuse_cases"))), v
			}
			for _, c := range units {
				if j, ok := sums[figureKey{c.ID, form, "", false}]; ok && c.ParentID == u.ID {
					members, total = append(members, j), total+d.cells[j].Value
				}
			}
			if len(members) == 0 {
				continue
			}
			mark := p.Sum(u.ID, form, "abuse_cases")
			if form == DefaultVillage && !small && u.Level != storage.LevelCommune {
				mark = Complement // shown nowhere: unknown to the viewer
			}
			j := add(Cell{Small: small, Value: total}, mark)
			sums[figureKey{u.ID, form, "", false}] = j
			d.rels = append(d.rels, Relation{Total: j, Members: members})
		}
		villages, okV := sums[figureKey{u.ID, DefaultVillage, "", false}]
		commune, okC := sums[figureKey{u.ID, DefaultFormID, "", false}]
		if okV && okC && u.Level == storage.LevelCommune && d.cells[villages].Value == d.cells[commune].Value {
			d.rels = append(d.rels, Relation{Total: commune, Members: []int{villages}})
		}
	}
	return d, marks
}

func TestProtectedDistrictsLeaveNoSmallCountWorkedOut(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(28, 2025))
	rules := map[string]SmallCountRule{"abuse_cases": rule5}
	hidden := 0
	for trial := range 400 {
		units, own := randomScope(rng)
		p := protect(officer, rules, newChain(DefaultForms()), units, own)
		d, marks := shownFigures(units, own, p)
		for i, c := range d.cells {
			if c.Small && isSmall(c.Value, 5) && marks[i] != SmallCount {
				t.Fatalf("trial %d: a village's %v is shown (%v)", trial, c.Value, marks[i])
			}
		}
		for i, n := range solutions(d, marks, 5) {
			if marks[i] == SmallCount {
				hidden++
			}
			if marks[i] == SmallCount && n < 2 {
				t.Fatalf("trial %d: a village's small count (cell %d) can be worked out\ncells %+v\nrels %+v\nmarks %v",
					trial, i, d.cells, d.rels, marks)
			}
		}
	}
	if hidden < 100 {
		t.Errorf("only %d small counts were hidden over the trials; the generator tests too little", hidden)
	}
}
