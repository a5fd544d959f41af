package synth

import (
	"testing"

	"treembot/storage"
)

// A tree's units come parents first, with ids 1, 2, 3... and as many of
// each level as asked; the ids the helpers give are those of the units.
func TestTreeIsNumberedByPosition(t *testing.T) {
	tree := Tree{Districts: 2, Communes: 3, Villages: 4}
	seen := map[int64]string{}
	levels := map[string]int{}
	next := int64(1)
	for u := range tree.Units() {
		if u.ID != next {
			t.Fatalf("unit %s has id %d, want %d", u.Code, u.ID, next)
		}
		next++
		if _, ok := seen[u.ParentID]; u.ParentID != 0 && !ok {
			t.Fatalf("unit %s comes before its parent %d", u.Code, u.ParentID)
		}
		seen[u.ID] = u.Level
		levels[u.Level]++
	}
	if want := map[string]int{storage.LevelProvince: 1, storage.LevelDistrict: 2, storage.LevelCommune: 6, storage.LevelVillage: 24}; len(levels) != len(want) ||
		levels[storage.LevelProvince] != 1 || levels[storage.LevelDistrict] != 2 || levels[storage.LevelCommune] != 6 || levels[storage.LevelVillage] != 24 {
		t.Fatalf("units by level %v, want %v", levels, want)
	}
	if tree.Size() != 33 || int(next-1) != tree.Size() {
		t.Fatalf("Size %d, units %d, want 33", tree.Size(), next-1)
	}
	if seen[ProvinceID] != storage.LevelProvince || seen[tree.DistrictID(1)] != storage.LevelDistrict ||
		seen[tree.CommuneID(5)] != storage.LevelCommune || seen[tree.VillageID(23)] != storage.LevelVillage {
		t.Fatalf("the helpers' ids name other levels: %v", seen)
	}
}
