package reports

import (
	"context"
	"strings"

	"treembot/storage"
)

// UnitParts is one unit's indicators and completeness within a breakdown.
type UnitParts struct {
	Unit         storage.ScopeUnit
	Completeness Completeness
	Parts        []PartResult
}

// Breakdown is a summary with the same figures for each unit directly
// under the root (the communes of a district, the villages of a commune).
type Breakdown struct {
	Summary
	Indicators []storage.Indicator
	Offices    []storage.Office
	Children   []UnitParts
	protection *Protection // what the viewer may not see (nil: everything shown)
}

// Breakdown computes the summary and the same figures for each child.
func (s *Service) Breakdown(ctx context.Context, req Request) (*Breakdown, error) {
	b, err := s.compute(ctx, req, true)
	if err != nil {
		return nil, err
	}
	if b.Indicators, err = s.src.Indicators(ctx); err != nil {
		return nil, err
	}
	if b.Offices, err = s.src.Offices(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// childOf maps a unit to the root's child it lies under (0 for the root).
func childOf(prog *Progress) func(storage.ScopeUnit) uint {
	byPath := map[string]uint{}
	for _, u := range prog.Units {
		if u.ParentID == prog.Unit.ID && u.ID != prog.Unit.ID {
			byPath[u.Path] = u.ID
		}
	}
	rootLen := len(prog.Unit.Path)
	return func(u storage.ScopeUnit) uint {
		if len(u.Path) <= rootLen {
			return 0
		}
		end := strings.IndexByte(u.Path[rootLen:], '/')
		return byPath[u.Path[:rootLen+end+1]]
	}
}

// children evaluates each direct child of the root.
func (s *Service) children(prog *Progress, parts []storage.IndicatorPart, sums map[uint]formSums) []UnitParts {
	var out []UnitParts
	for _, u := range prog.Units {
		if u.ParentID != prog.Unit.ID || u.ID == prog.Unit.ID {
			continue
		}
		out = append(out, UnitParts{Unit: u, Parts: s.evaluate(parts, sums[u.ID], prog.Period),
			Completeness: ComputeCompleteness(under(prog.Units, u.Path), prog.Period, s.zone)})
	}
	return out
}

// under returns the units whose path starts with path.
func under(units []storage.ScopeUnit, path string) []storage.ScopeUnit {
	var out []storage.ScopeUnit
	for _, u := range units {
		if strings.HasPrefix(u.Path, path) {
			out = append(out, u)
		}
	}
	return out
}
