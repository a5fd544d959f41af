package reports

import (
	"context"
	"strings"
	"time"

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
func children(prog *Progress, zone *time.Location, parts []storage.IndicatorPart, sums map[uint]Sums) []UnitParts {
	var out []UnitParts
	for _, u := range prog.Units {
		if u.ParentID != prog.Unit.ID || u.ID == prog.Unit.ID {
			continue
		}
		out = append(out, UnitParts{Unit: u, Parts: evaluate(parts, sums[u.ID]),
			Completeness: ComputeCompleteness(under(prog.Units, u.Path), prog.Period, zone)})
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

// OverdueUnit is an expected unit without a counted report, with the
// people who report for it.
type OverdueUnit struct {
	Unit   storage.ScopeUnit
	People []storage.User
}

// OverdueGroup is the overdue units under one parent (a commune), with the
// parent's officers.
type OverdueGroup struct {
	Parent   storage.ScopeUnit
	Officers []storage.User
	Units    []OverdueUnit
}

// Overdue lists who has not reported yet.
type Overdue struct {
	Progress
	Groups []OverdueGroup
}

// Overdue lists the expected units without a counted report, grouped by
// their parent unit, with their reporters and the parent's officers.
func (s *Service) Overdue(ctx context.Context, req Request) (*Overdue, error) {
	prog, err := s.Progress(ctx, req)
	if err != nil {
		return nil, err
	}
	out := &Overdue{Progress: *prog}
	byID := make(map[uint]storage.ScopeUnit, len(prog.Units))
	for _, u := range prog.Units {
		byID[u.ID] = u
	}
	var ids []uint
	index := map[uint]int{} // parent ID → group
	for _, u := range prog.Units {
		if !Expected(u) || Counted(u) {
			continue
		}
		parent, ok := byID[u.ParentID]
		if !ok || u.ID == prog.Unit.ID {
			parent = u // the root itself is overdue: it is its own group
		}
		i, seen := index[parent.ID]
		if !seen {
			i = len(out.Groups)
			index[parent.ID] = i
			out.Groups = append(out.Groups, OverdueGroup{Parent: parent})
			ids = append(ids, parent.ID)
		}
		out.Groups[i].Units = append(out.Groups[i].Units, OverdueUnit{Unit: u})
		ids = append(ids, u.ID)
	}
	users, err := s.src.UsersOfUnits(ctx, ids)
	if err != nil {
		return nil, err
	}
	attachPeople(out.Groups, users)
	return out, nil
}

// attachPeople gives each overdue unit its collaborators and each group
// its commune officers.
func attachPeople(groups []OverdueGroup, users []storage.User) {
	for gi := range groups {
		g := &groups[gi]
		for _, usr := range users {
			if usr.UnitID == g.Parent.ID && usr.Role == storage.RoleCommuneOfficer {
				g.Officers = append(g.Officers, usr)
			}
		}
		for ui := range g.Units {
			u := &g.Units[ui]
			for _, usr := range users {
				if usr.UnitID == u.Unit.ID && (usr.Role == storage.RoleCollaborator || usr.Role == storage.RoleCommuneOfficer) {
					u.People = append(u.People, usr)
				}
			}
		}
	}
}
