package reports

import (
	"context"
	"maps"
	"math"
	"slices"

	"treembot/storage"
)

// Flag is a value far from the same unit's value in the previous period.
type Flag struct {
	Unit        storage.ScopeUnit
	ElementCode string
	Value       float64
	Previous    float64
	Form        string // the form both values were reported on
}

// stamps lists the counted submissions of units.
func stamps(units []storage.ScopeUnit) []storage.SubmissionStamp {
	var out []storage.SubmissionStamp
	for _, u := range units {
		if Counted(u) {
			st := storage.SubmissionStamp{ID: u.SubmissionID, UnitID: u.ID}
			if u.UpdatedAt != nil {
				st.UpdatedAt = *u.UpdatedAt
			}
			out = append(out, st)
		}
	}
	return out
}

// previousUnits lays the previous period's counted submissions on the
// current tree (units indexed by ID in at).
func previousUnits(units []storage.ScopeUnit, at map[uint]int, counted []storage.SubmissionStamp) []storage.ScopeUnit {
	out := make([]storage.ScopeUnit, 0, len(counted))
	for _, c := range counted {
		i, ok := at[c.UnitID]
		if !ok {
			continue
		}
		u, changed := units[i], c.UpdatedAt
		out = append(out, storage.ScopeUnit{ID: u.ID, ParentID: u.ParentID, Code: u.Code, Name: u.Name, Path: u.Path,
			Level: u.Level, Leaf: u.Leaf, Area: u.Area, SubmissionID: c.ID, Status: storage.StatusSubmitted, UpdatedAt: &changed})
	}
	return out
}

// unusual compares each counted number of each source form with the same
// unit's counted number on that form in the previous period of the same
// kind. Yes/no answers are not numbers that can jump, so only counts and
// decimals are compared.
func (s *Service) unusual(ctx context.Context, prog *Progress, previous previousStamps, codes []string,
	elements map[string]storage.DataElement, vecs map[uint][]float64) ([]Flag, error) {
	if prog.Previous == nil {
		return nil, nil
	}
	numeric := make([]bool, len(codes))
	for i, code := range codes {
		typ := elements[code].Type
		numeric[i] = typ == storage.ElementCount || typ == storage.ElementDecimal
	}
	var flags []Flag
	for _, form := range slices.Sorted(maps.Keys(previous)) {
		before := previousUnits(prog.Units, prog.at, previous[form])
		scope := scopeRef{rootID: prog.Unit.ID, periodID: prog.Previous.ID, formID: form}
		old, err := s.cache.vectors(ctx, s.src, codes, scope, stamps(before))
		if err != nil {
			return nil, err
		}
		oldByUnit := make(map[uint][]float64, len(before))
		for _, u := range before {
			if v, ok := old[u.SubmissionID]; ok {
				oldByUnit[u.ID] = v
			}
		}
		for _, u := range counted(prog.reports[form]) {
			cur, prev := vecs[u.SubmissionID], oldByUnit[u.ID]
			if cur == nil || prev == nil {
				continue
			}
			for i, code := range codes {
				if numeric[i] && !math.IsNaN(cur[i]) && !math.IsNaN(prev[i]) && Unusual(cur[i], prev[i]) {
					flags = append(flags, Flag{Unit: u, ElementCode: code, Value: cur[i], Previous: prev[i], Form: form})
				}
			}
		}
	}
	return flags, nil
}
