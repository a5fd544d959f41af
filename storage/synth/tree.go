package synth

import (
	"fmt"
	"iter"

	"treembot/storage"
	"treembot/storage/bulk"
)

// Tree is a generated unit tree: one province, its districts, their
// communes and the communes' villages, numbered so that any unit's id,
// code and path follow from its position: ids run from 1 (the database
// holds no unit before), parents before children, with no gap.
type Tree struct {
	Districts int
	Communes  int // per district
	Villages  int // per commune
}

// CommuneCount, VillageCount and Size count the units by level and in all.
func (t Tree) CommuneCount() int { return t.Districts * t.Communes }
func (t Tree) VillageCount() int { return t.CommuneCount() * t.Villages }
func (t Tree) Size() int         { return 1 + t.Districts + t.CommuneCount() + t.VillageCount() }

// ProvinceID is the root's id.
const ProvinceID = 1

// DistrictID, CommuneID and VillageID are the ids of the n-th unit
// (0-based over the whole tree) of each level.
func (t Tree) DistrictID(d int) int64 { return int64(2 + d) }
func (t Tree) CommuneID(c int) int64  { return int64(2 + t.Districts + c) }
func (t Tree) VillageID(v int) int64 {
	return int64(2 + t.Districts + t.CommuneCount() + v)
}

// VillageCode is the code of village v (0-based over the whole tree).
func (t Tree) VillageCode(v int) string {
	c := v / t.Villages
	return fmt.Sprintf("P-%d-%d-%d", c/t.Communes, c%t.Communes, v%t.Villages)
}

// Units are the tree's units, parents before children.
func (t Tree) Units() iter.Seq[bulk.Unit] {
	return func(yield func(bulk.Unit) bool) {
		unit := func(id int64, code, name, level string, parent int64, path, area string) bool {
			return yield(bulk.Unit{ID: id, Code: code, Name: name, Level: level, ParentID: parent, Path: path, Area: area})
		}
		root := fmt.Sprintf("/%d/", ProvinceID)
		if !unit(ProvinceID, "P", "Tỉnh Bench", storage.LevelProvince, 0, root, storage.AreaRural) {
			return
		}
		for d := range t.Districts {
			id := t.DistrictID(d)
			if !unit(id, fmt.Sprintf("P-%d", d), fmt.Sprintf("Huyện %d", d), storage.LevelDistrict,
				int64(ProvinceID), fmt.Sprintf("%s%d/", root, id), storage.AreaRural) {
				return
			}
		}
		for c := range t.CommuneCount() {
			d := c / t.Communes
			id, area := t.CommuneID(c), []string{storage.AreaRural, storage.AreaUrban}[c%2]
			if !unit(id, fmt.Sprintf("P-%d-%d", d, c%t.Communes), fmt.Sprintf("Xã %d", c), storage.LevelCommune,
				t.DistrictID(d), fmt.Sprintf("%s%d/%d/", root, t.DistrictID(d), id), area) {
				return
			}
		}
		for v := range t.VillageCount() {
			c := v / t.Villages
			d, id := c/t.Communes, t.VillageID(v)
			path := fmt.Sprintf("%s%d/%d/%d/", root, t.DistrictID(d), t.CommuneID(c), id)
			if !unit(id, t.VillageCode(v), fmt.Sprintf("Thôn %d", v), storage.LevelVillage, t.CommuneID(c),
				path, []string{storage.AreaRural, storage.AreaUrban}[c%2]) {
				return
			}
		}
	}
}
