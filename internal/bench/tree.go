package bench

import (
	"fmt"
	"iter"
	"time"

	"treembot/storage"
	"treembot/storage/bulk"
)

// benchTree is a generated unit tree: one province, its districts, their
// communes and the communes' villages, numbered so that any unit's id,
// code and path follow from its position (ids from 1: the bench database
// holds no unit before).
type benchTree struct {
	districts, communes, villages int // communes per district, villages per commune
	now                           time.Time
}

// Unit counts and ids by level.
func (t benchTree) communeCount() int { return t.districts * t.communes }
func (t benchTree) villageCount() int { return t.communeCount() * t.villages }
func (t benchTree) size() int         { return 1 + t.districts + t.communeCount() + t.villageCount() }

const benchProvinceID = 1

func (t benchTree) districtID(d int) int64 { return int64(2 + d) }
func (t benchTree) communeID(c int) int64  { return int64(2 + t.districts + c) }
func (t benchTree) villageID(v int) int64 {
	return int64(2 + t.districts + t.communeCount() + v)
}

// villageCode is the code of village v (0-based over the whole tree).
func (t benchTree) villageCode(v int) string {
	c := v / t.villages
	return fmt.Sprintf("P-%d-%d-%d", c/t.communes, c%t.communes, v%t.villages)
}

// units are the tree's units, parents before children.
func (t benchTree) units() iter.Seq[bulk.Unit] {
	return func(yield func(bulk.Unit) bool) {
		unit := func(id int64, code, name, level string, parent int64, path, area string) bool {
			return yield(bulk.Unit{ID: id, Code: code, Name: name, Level: level, ParentID: parent, Path: path, Area: area})
		}
		root := fmt.Sprintf("/%d/", benchProvinceID)
		if !unit(benchProvinceID, "P", "Tỉnh Bench", storage.LevelProvince, 0, root, storage.AreaRural) {
			return
		}
		for d := range t.districts {
			id := t.districtID(d)
			if !unit(id, fmt.Sprintf("P-%d", d), fmt.Sprintf("Huyện %d", d), storage.LevelDistrict,
				int64(benchProvinceID), fmt.Sprintf("%s%d/", root, id), storage.AreaRural) {
				return
			}
		}
		for c := range t.communeCount() {
			d := c / t.communes
			id, area := t.communeID(c), []string{storage.AreaRural, storage.AreaUrban}[c%2]
			if !unit(id, fmt.Sprintf("P-%d-%d", d, c%t.communes), fmt.Sprintf("Xã %d", c), storage.LevelCommune,
				t.districtID(d), fmt.Sprintf("%s%d/%d/", root, t.districtID(d), id), area) {
				return
			}
		}
		for v := range t.villageCount() {
			c := v / t.villages
			d, id := c/t.communes, t.villageID(v)
			path := fmt.Sprintf("%s%d/%d/%d/", root, t.districtID(d), t.communeID(c), id)
			if !unit(id, t.villageCode(v), fmt.Sprintf("Thôn %d", v), storage.LevelVillage, t.communeID(c),
				path, []string{storage.AreaRural, storage.AreaUrban}[c%2]) {
				return
			}
		}
	}
}
