package reminders

import (
	"slices"
	"strings"
)

// maxDepth bounds walks up the unit tree, should a bad import ever make
// a cycle.
const maxDepth = 64

// missingUnit is one unit still owing a report, as an alert lists it.
type missingUnit struct {
	ID     uint
	Name   string
	Status string // "" (nothing started), draft or returned
	// Unreachable names its reporters no reminder can reach (they blocked
	// the bot, or have no chat account on a channel we send on).
	Unreachable []string
}

// planAlerts tells each responsible official or officer which units have
// not submitted: one message per recipient listing all of them.
func (ix *index) planAlerts(in PlanInput, s Slot) []Due {
	offices := officeSet(s.Rule.OfficeCodes)
	lists := map[int][]missingUnit{}
	var order []int
	for _, unitID := range ix.unitOrder {
		st := ix.statusOf(unitID, s.Period.ID)
		if done(st) {
			continue
		}
		m := missingUnit{ID: unitID, Name: ix.unitName(unitID), Status: st}
		for _, i := range ix.reporters[unitID] {
			if _, ok := ix.identity(&in.People[i]); !ok {
				m.Unreachable = append(m.Unreachable, in.People[i].Name)
			}
		}
		for _, r := range ix.responsible(in, unitID, offices) {
			if _, seen := lists[r]; !seen {
				order = append(order, r)
			}
			lists[r] = append(lists[r], m)
		}
	}
	slices.Sort(order)
	var out []Due
	for _, r := range order {
		p := &in.People[r]
		d, ok := ix.newDue(in, s, p)
		if !ok {
			continue
		}
		if in.Catalog != nil {
			d.Text = alertText(in, s, p, lists[r])
		}
		out = append(out, d)
	}
	return out
}

// responsible lists who answers for a unit's missing report: the commune
// officers of the nearest unit above it that has any (a village's
// commune); failing that, the officials of the rule's offices at the unit
// or above it (a commune's district office).
func (ix *index) responsible(in PlanInput, unitID uint, offices map[string]bool) []int {
	for id, depth := ix.parentOf(unitID), 0; id != 0 && depth < maxDepth; id, depth = ix.parentOf(id), depth+1 {
		if o := ix.officers[id]; len(o) > 0 {
			return o
		}
	}
	var out []int
	for id, depth := unitID, 0; id != 0 && depth < maxDepth; id, depth = ix.parentOf(id), depth+1 {
		for _, i := range ix.officials[id] {
			if len(offices) == 0 || offices[in.People[i].OfficeCode] {
				out = append(out, i)
			}
		}
	}
	return out
}

// parentOf is the unit's parent ID, 0 for a root or an unknown unit.
func (ix *index) parentOf(id uint) uint {
	if u := ix.units[id]; u != nil && u.ParentID != nil {
		return *u.ParentID
	}
	return 0
}

// officeSet parses "LDTBXH, GDDT"; empty means every office.
func officeSet(codes string) map[string]bool {
	set := map[string]bool{}
	for c := range strings.SplitSeq(codes, ",") {
		if c = strings.TrimSpace(c); c != "" {
			set[strings.ToUpper(c)] = true
		}
	}
	return set
}
