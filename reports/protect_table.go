package reports

import (
	"cmp"
	"slices"
	"strings"

	"treembot/storage"
)

// figureTable lays one element's figures of a scope out for Suppress:
// each unit's own counted values, the sums over each unit's subtree, and
// the relations between them, lower units first.
type figureTable struct {
	chain chain
	units []storage.ScopeUnit
	code  string
	cells []Cell
	keys  []figureKey
	index map[figureKey]int
	rels  []Relation
	alias map[figureKey]figureKey
}

func newFigureTable(c chain, units []storage.ScopeUnit, code string) *figureTable {
	return &figureTable{chain: c, units: units, code: code, index: map[figureKey]int{}, alias: map[figureKey]figureKey{}}
}

// smallUnit is a unit smaller than a commune: its small counts point at
// a family.
func smallUnit(level string) bool { return storage.KindBelow(level, storage.LevelCommune) }

// build adds the cells and relations of every unit, deepest first.
func (t *figureTable) build(own map[figureKey]float64) {
	forms := []string{t.chain.village}
	for k := range own {
		if !slices.Contains(forms, k.form) {
			forms = append(forms, k.form)
		}
	}
	slices.Sort(forms[1:])
	units := slices.Clone(t.units)
	slices.SortStableFunc(units, func(a, b storage.ScopeUnit) int {
		return cmp.Compare(strings.Count(b.Path, "/"), strings.Count(a.Path, "/"))
	})
	children := map[uint][]uint{}
	for _, u := range units {
		if u.ParentID != 0 {
			children[u.ParentID] = append(children[u.ParentID], u.ID)
		}
	}
	for _, u := range units {
		for _, f := range forms {
			t.sum(u, f, own, children[u.ID])
			if f == t.chain.village {
				t.communeMatchesVillages(u, own)
			}
		}
	}
}

// sum adds a unit's total on one form: its own report and its children's
// totals. A total of a single figure is that figure.
func (t *figureTable) sum(u storage.ScopeUnit, form string, own map[figureKey]float64, children []uint) {
	var members []int
	if v, ok := own[figureKey{u.ID, form, t.code, true}]; ok {
		members = append(members, t.add(figureKey{u.ID, form, t.code, true}, Cell{Small: smallUnit(u.Level), Value: v}))
	}
	for _, c := range children {
		if i, ok := t.find(figureKey{c, form, t.code, false}); ok {
			members = append(members, i)
		}
	}
	key := figureKey{u.ID, form, t.code, false}
	switch len(members) {
	case 0:
		return
	case 1:
		t.alias[key] = t.keys[members[0]]
		return
	}
	var total float64
	for _, m := range members {
		total += t.cells[m].Value
	}
	// No output shows a village-report total above a commune.
	absent := form == t.chain.village && storage.KindBelow(storage.LevelCommune, u.Level)
	i := t.add(key, Cell{Small: smallUnit(u.Level), Value: total, Absent: absent})
	t.rels = append(t.rels, Relation{Total: i, Members: members})
}

// communeMatchesVillages relates a commune's own report to its villages'
// total when they agree: the form fills one in from the other, so a
// viewer may take them as equal.
func (t *figureTable) communeMatchesVillages(u storage.ScopeUnit, own map[figureKey]float64) {
	key := figureKey{u.ID, t.chain.commune, t.code, true}
	v, ok := own[key]
	villages, found := t.find(figureKey{u.ID, t.chain.village, t.code, false})
	if !ok || !found || t.cells[villages].Value != v {
		return
	}
	i := t.add(key, Cell{Small: smallUnit(u.Level), Value: v})
	t.rels = append(t.rels, Relation{Total: i, Members: []int{villages}})
}

// add returns a figure's cell, adding it the first time.
func (t *figureTable) add(k figureKey, c Cell) int {
	if i, ok := t.index[k]; ok {
		return i
	}
	t.cells, t.keys = append(t.cells, c), append(t.keys, k)
	t.index[k] = len(t.cells) - 1
	return len(t.cells) - 1
}

// find returns a figure's cell, through an alias.
func (t *figureTable) find(k figureKey) (int, bool) {
	if a, ok := t.alias[k]; ok {
		k = a
	}
	i, ok := t.index[k]
	return i, ok
}
