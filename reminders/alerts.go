package reminders

import (
	"maps"
	"slices"
	"strings"
)

// maxDepth bounds walks up the unit tree, should a bad import ever make
// a cycle.
const maxDepth = 64

// missingUnit is one report still owed, as an alert lists it.
type missingUnit struct {
	duty   *duty
	Status string // "" (nothing started), draft or returned
	// Unreachable names its reporters no reminder can reach (they blocked
	// the bot, or have no chat account on a channel we send on).
	Unreachable []string
}

// planAlerts tells each responsible official or officer which reports are
// still owed: one message per recipient listing all of them.
func (ix *index) planAlerts(in PlanInput, s Slot) []Due {
	aud := ix.alertAudience(s)
	lists := map[int][]missingUnit{}
	var order []int
	for di := range ix.duties {
		d := &ix.duties[di]
		st, owed := ix.owes(d, s)
		if !owed {
			continue
		}
		m := missingUnit{duty: d, Status: st}
		for _, i := range d.people {
			if _, ok := ix.identity(&in.People[i]); !ok {
				m.Unreachable = append(m.Unreachable, in.People[i].Name)
			}
		}
		for _, r := range ix.responsible(in, d, aud) {
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
			d.Text = ix.alertText(in, s, p, lists[r])
		}
		out = append(out, d)
	}
	return out
}

// alertAudience is which offices a slot's alerts go to: the rule's
// (the coordinating office) for everything, and per form the owners of
// its indicators too. An empty set means every office.
type alertAudience struct {
	coordinating map[string]bool
	byForm       []map[string]bool
}

func (ix *index) alertAudience(s Slot) alertAudience {
	a := alertAudience{coordinating: officeSet(s.Rule.OfficeCodes)}
	for _, f := range ix.chain.forms {
		set := a.coordinating
		if len(set) > 0 && len(f.Owners) > 0 && f.Reporter != ReporterOffice {
			set = maps.Clone(set)
			for _, o := range f.Owners {
				set[strings.ToUpper(o)] = true
			}
		}
		a.byForm = append(a.byForm, set)
	}
	return a
}

// responsible lists who answers for a missing report. A village's report
// on the villages' form is its commune officer's to chase (nobody else
// hears of it: the commune's own report is what the district counts).
// Otherwise the commune officers of the nearest unit above that has any
// (a village's commune, in old setups); failing that, the officials at
// the unit or above of the coordinating office and, for a commune's
// report, of the offices owning indicators computed from it.
func (ix *index) responsible(in PlanInput, d *duty, aud alertAudience) []int {
	if d.village || ix.chain.forms[d.form].Reporter != ReporterOffice {
		for id, depth := ix.parentOf(d.unitID), 0; id != 0 && depth < maxDepth; id, depth = ix.parentOf(id), depth+1 {
			if o := ix.officers[id]; len(o) > 0 {
				return o
			}
		}
	}
	if d.village {
		return nil
	}
	offices := aud.byForm[d.form]
	var out []int
	for id, depth := d.unitID, 0; id != 0 && depth < maxDepth; id, depth = ix.parentOf(id), depth+1 {
		for _, i := range ix.officials[id] {
			if len(offices) == 0 || offices[strings.ToUpper(in.People[i].OfficeCode)] {
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
