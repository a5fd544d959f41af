package reports

import (
	"context"

	"treembot/storage"
)

// OverdueUnit is a unit that owes a report not yet counted, with the
// people who file it.
type OverdueUnit struct {
	Unit   storage.ScopeUnit
	People []storage.User
}

// OverdueOffice is an office report not yet counted, with the office's
// officials at the district that owes it.
type OverdueOffice struct {
	Report OfficeReport
	People []storage.User
}

// Overdue lists who has not reported yet, tier by tier.
type Overdue struct {
	Progress
	Communes []OverdueUnit   // with their commune officers
	Villages []OverdueUnit   // in a commune's scope, with their collaborators
	Offices  []OverdueOffice // with their officials
}

// Missing is how many reports are overdue in every tier listed.
func (o *Overdue) Missing() int { return len(o.Communes) + len(o.Villages) + len(o.Offices) }

// Overdue lists the communes, villages (when the scope is one commune)
// and office reports without a counted report, with the people who owe
// them.
func (s *Service) Overdue(ctx context.Context, req Request) (*Overdue, error) {
	prog, err := s.Progress(ctx, req)
	if err != nil {
		return nil, err
	}
	out := &Overdue{Progress: *prog}
	var ids []uint
	for _, u := range prog.Units {
		if Expected(u) && !Counted(u) {
			out.Communes = append(out.Communes, OverdueUnit{Unit: u})
			ids = append(ids, u.ID)
		}
	}
	for _, u := range prog.Villages {
		if !Counted(u) {
			out.Villages = append(out.Villages, OverdueUnit{Unit: u})
			ids = append(ids, u.ID)
		}
	}
	for _, r := range prog.OfficeReports {
		if !Counted(r.Unit) {
			out.Offices = append(out.Offices, OverdueOffice{Report: r})
			ids = append(ids, r.Unit.ID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	users, err := s.src.UsersOfUnits(ctx, ids)
	if err != nil {
		return nil, err
	}
	attachPeople(out, users)
	return out, nil
}

// attachPeople gives each overdue commune its officers, each village its
// collaborators and each office report its office's officials.
func attachPeople(o *Overdue, users []storage.User) {
	for _, usr := range users {
		for i := range o.Communes {
			if usr.UnitID == o.Communes[i].Unit.ID && usr.Role == storage.RoleCommuneOfficer {
				o.Communes[i].People = append(o.Communes[i].People, usr)
			}
		}
		for i := range o.Villages {
			if usr.UnitID == o.Villages[i].Unit.ID && usr.Role == storage.RoleCollaborator {
				o.Villages[i].People = append(o.Villages[i].People, usr)
			}
		}
		for i := range o.Offices {
			r := o.Offices[i].Report
			official := usr.Role == storage.RoleOfficial && usr.OfficeID != nil && *usr.OfficeID == r.Office.ID
			if usr.UnitID == r.Unit.ID && official {
				o.Offices[i].People = append(o.Offices[i].People, usr)
			}
		}
	}
}
