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

// Every reporter sends one report a period, numbered 1, 2, 3... with no
// gap; each holds every code; one in twenty is a draft; the jumps land on
// the last period only.
func TestReportsAreNumberedAndComplete(t *testing.T) {
	tree := Tree{Districts: 1, Communes: 2, Villages: 3}
	periods := []storage.Period{{ID: 7}, {ID: 8}}
	r := Reports{Tree: tree, Periods: periods, Codes: []string{"a", "b", "c"}, YesNo: map[string]bool{"c": true},
		VillageForm: "village", CommuneForm: "commune", JumpEvery: 4}
	if r.Reporters() != 8 || r.Count() != 16 || r.Values() != 48 {
		t.Fatalf("%d reporters, %d reports, %d values; want 8, 16, 48", r.Reporters(), r.Count(), r.Values())
	}
	next, forms, drafts := int64(1), map[string]int{}, 0
	for s := range r.Submissions() {
		if s.ID != next {
			t.Fatalf("report %d follows %d", s.ID, next-1)
		}
		next++
		forms[s.FormID]++
		if (s.Status == storage.StatusDraft) != Draft(s.ID) || (s.Status == storage.StatusDraft) != s.SubmittedAt.IsZero() {
			t.Errorf("report %d: status %s, submitted at %v", s.ID, s.Status, s.SubmittedAt)
		}
		if Draft(s.ID) {
			drafts++
		}
	}
	if forms["village"] != 12 || forms["commune"] != 4 || drafts != 0 {
		t.Errorf("forms %v, %d drafts; want 12 village and 4 commune reports, no draft among 16", forms, drafts)
	}
	values := map[int64]map[string]string{}
	for v := range r.ValueRows() {
		if values[v.SubmissionID] == nil {
			values[v.SubmissionID] = map[string]string{}
		}
		values[v.SubmissionID][v.ElementCode] = v.Value
	}
	for id := int64(1); id <= 16; id++ {
		if len(values[id]) != 3 {
			t.Fatalf("report %d holds %v, want a, b and c", id, values[id])
		}
	}
	// Reporter 3 (the fourth) jumps fivefold in the last period (report 8).
	if c := values[1]["c"]; c != "0" && c != "1" {
		t.Errorf("yes/no value %s", c)
	}
	if was, now := values[7]["a"], values[8]["a"]; was != "61" || now != "320" {
		t.Errorf("reporter 3's a: %s then %s, want 61 then 5×64 = 320", was, now)
	}
	if got := r.SubmittedLast(); got != 2 {
		t.Errorf("%d commune reports submitted for the last period, want 2", got)
	}
}
