package storage

import (
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"
)

// treeNode is one unit as the importer sees it: stored, or about to be.
type treeNode struct {
	id                      uint // 0 until created
	code, name, level, area string
	parent, path            string // parent is a code
	parentID                *uint
	merged                  bool // merged into its parent: history, not a place for new units
}

// unitTree is the whole unit table in memory, keyed by code, so an import
// can be checked (parents, cycles) before anything is written.
type unitTree struct {
	byCode map[string]*treeNode
}

func loadUnitTree(tx *gorm.DB) (*unitTree, error) {
	var units []OrgUnit
	if err := tx.Select("id", "code", "name", "level", "area", "parent_id", "path", "merged_into_id").Find(&units).Error; err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	t := &unitTree{byCode: make(map[string]*treeNode, len(units))}
	byID := make(map[uint]*treeNode, len(units))
	for _, u := range units {
		n := &treeNode{id: u.ID, code: u.Code, name: u.Name, level: u.Level, area: u.Area, path: u.Path, parentID: u.ParentID,
			merged: u.MergedIntoID != nil}
		t.byCode[u.Code] = n
		byID[u.ID] = n
	}
	for _, n := range t.byCode {
		if n.parentID != nil {
			if p, ok := byID[*n.parentID]; ok {
				n.parent = p.code
			}
		}
	}
	return t, nil
}

// check finds duplicate codes, unknown parents and cycles, in line order.
func (t *unitTree) check(recs []unitRecord) []*LineError {
	firstLine := make(map[string]int, len(recs))
	parents := make(map[string]string, len(t.byCode)+len(recs))
	for code, n := range t.byCode {
		parents[code] = n.parent
	}
	for _, r := range recs {
		if _, dup := firstLine[r.code]; !dup {
			firstLine[r.code] = r.line
			parents[r.code] = r.parent
		}
	}
	levels := t.levels(recs)
	folded := make(map[string]string, len(t.byCode))
	for code := range t.byCode {
		folded[strings.ToUpper(code)] = code
	}
	var errs []*LineError
	for _, r := range recs {
		if len(errs) == maxImportErrors {
			break
		}
		if first := firstLine[r.code]; first != r.line {
			errs = append(errs, &LineError{Line: r.line, Field: "code", Msg: fmt.Sprintf("code %q repeats line %d", r.code, first)})
			continue
		}
		if stored, ok := folded[r.code]; ok && stored != r.code {
			errs = append(errs, &LineError{Line: r.line, Field: "code", Msg: fmt.Sprintf("code %q differs only in case from the stored %q", r.code, stored)})
			continue
		}
		if e := t.mergedLine(r); e != nil {
			errs = append(errs, e)
			continue
		}
		if n := t.byCode[r.code]; r.parent == "" || (n != nil && n.merged) {
			continue
		}
		if _, ok := parents[r.parent]; !ok {
			errs = append(errs, &LineError{Line: r.line, Field: "parent_code", Msg: fmt.Sprintf("parent_code %q not found", r.parent)})
			continue
		}
		if inCycle(parents, r.code) {
			errs = append(errs, &LineError{Line: r.line, Field: "parent_code", Msg: fmt.Sprintf("parent_code %q makes a cycle (%s would be its own ancestor)", r.parent, r.code)})
			continue
		}
		if pl := levels[r.parent]; validLevel(r.level) && !KindBelow(r.level, pl) {
			errs = append(errs, &LineError{Line: r.line, Field: "level", Msg: fmt.Sprintf("a %s cannot sit under %s, a %s", r.level, r.parent, pl)})
		}
	}
	return errs
}

// mergedLine refuses a line that would move a merged unit away from the
// unit it was merged into (its reports roll up there), or put a unit under
// a merged one; a merged unit's line that keeps its parent is accepted, so
// `units list` output imports back.
func (t *unitTree) mergedLine(r unitRecord) *LineError {
	if n, ok := t.byCode[r.code]; ok && n.merged && r.parent != n.parent {
		return &LineError{Line: r.line, Field: "parent_code", Msg: fmt.Sprintf("%s was merged into %s: its parent_code stays %s", r.code, n.parent, n.parent)}
	}
	if p, ok := t.byCode[r.parent]; ok && p.merged && !t.byCode[r.code].isMerged() {
		return &LineError{Line: r.line, Field: "parent_code", Msg: fmt.Sprintf("parent_code %q was merged into %s and takes no new units", r.parent, p.parent)}
	}
	return nil
}

// isMerged reports whether n (nil for a new unit) was merged.
func (n *treeNode) isMerged() bool { return n != nil && n.merged }

// levels maps every code, stored or imported, to its kind after the import.
func (t *unitTree) levels(recs []unitRecord) map[string]string {
	out := make(map[string]string, len(t.byCode)+len(recs))
	for code, n := range t.byCode {
		out[code] = n.level
	}
	for _, r := range recs {
		out[r.code] = r.level
	}
	return out
}

// inCycle reports whether following parents up from code comes back to it.
func inCycle(parents map[string]string, code string) bool {
	seen := map[string]bool{}
	for cur := parents[code]; cur != ""; cur = parents[cur] {
		if cur == code {
			return true
		}
		if seen[cur] {
			return false // a cycle above, reported on its own lines
		}
		seen[cur] = true
	}
	return false
}

// apply writes the checked records, parents first, then rewrites the paths
// that moved.
func (t *unitTree) apply(tx *gorm.DB, recs []unitRecord) (ImportResult, error) {
	var res ImportResult
	for _, r := range t.parentsFirst(recs) {
		n, exists := t.byCode[r.code]
		var err error
		switch {
		case !exists:
			err = t.create(tx, r)
			res.Created++
		case n.same(r):
			res.Unchanged++
		default:
			err = t.update(tx, n, r)
			res.Updated++
		}
		if err != nil {
			return ImportResult{}, fmt.Errorf("line %d: %w", r.line, err)
		}
	}
	n, err := t.rewritePaths(tx)
	res.PathsRewritten = n
	return res, err
}

// parentsFirst orders records by depth so a parent exists before its
// children are written.
func (t *unitTree) parentsFirst(recs []unitRecord) []unitRecord {
	parents := make(map[string]string, len(t.byCode)+len(recs))
	for code, n := range t.byCode {
		parents[code] = n.parent
	}
	for _, r := range recs {
		parents[r.code] = r.parent
	}
	depth := func(code string) int {
		d := 0
		for cur := parents[code]; cur != ""; cur = parents[cur] {
			d++
		}
		return d
	}
	out := append([]unitRecord(nil), recs...)
	depths := make(map[string]int, len(out))
	for _, r := range out {
		depths[r.code] = depth(r.code)
	}
	sort.SliceStable(out, func(i, j int) bool { return depths[out[i].code] < depths[out[j].code] })
	return out
}

// same reports whether the stored node already matches the record (an
// empty area in the file keeps the stored one).
func (n *treeNode) same(r unitRecord) bool {
	return n.name == r.name && n.level == r.level && n.parent == r.parent &&
		(r.area == "" || r.area == n.area)
}

func (t *unitTree) parentIDOf(code string) *uint {
	if code == "" {
		return nil
	}
	id := t.byCode[code].id
	return &id
}

func (t *unitTree) create(tx *gorm.DB, r unitRecord) error {
	area := r.area
	if area == "" {
		area = AreaRural
	}
	u := OrgUnit{Code: r.code, Name: r.name, Level: r.level, ParentID: t.parentIDOf(r.parent), Area: area, Active: true}
	if err := tx.Create(&u).Error; err != nil {
		return fmt.Errorf("create unit %q: %w", r.code, err)
	}
	t.byCode[r.code] = &treeNode{id: u.ID, code: u.Code, name: u.Name, level: u.Level, area: u.Area, parent: r.parent, parentID: u.ParentID}
	return nil
}

func (t *unitTree) update(tx *gorm.DB, n *treeNode, r unitRecord) error {
	if r.area != "" {
		n.area = r.area
	}
	n.name, n.level, n.parent, n.parentID = r.name, r.level, r.parent, t.parentIDOf(r.parent)
	err := tx.Model(&OrgUnit{ID: n.id}).Updates(map[string]any{
		"name": n.name, "level": n.level, "area": n.area, "parent_id": n.parentID,
	}).Error
	if err != nil {
		return fmt.Errorf("update unit %q: %w", r.code, err)
	}
	return nil
}

// rewritePaths recomputes every unit's materialised path from the parent
// links and stores the ones that differ: new units, moved units and their
// whole subtrees.
func (t *unitTree) rewritePaths(tx *gorm.DB) (int, error) {
	computed := make(map[string]string, len(t.byCode))
	var pathOf func(n *treeNode) string
	pathOf = func(n *treeNode) string {
		if p, ok := computed[n.code]; ok {
			return p
		}
		parentPath := ""
		if n.parent != "" {
			parentPath = pathOf(t.byCode[n.parent])
		}
		p := childPath(parentPath, n.id)
		computed[n.code] = p
		return p
	}
	changed := 0
	for _, n := range t.byCode {
		if p := pathOf(n); p != n.path {
			if err := tx.Model(&OrgUnit{ID: n.id}).Update("path", p).Error; err != nil {
				return changed, fmt.Errorf("rewrite path of %q: %w", n.code, err)
			}
			if n.path != "" { // new units are not counted as rewritten
				changed++
			}
			n.path = p
		}
	}
	return changed, nil
}
