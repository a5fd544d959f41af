package reports

import (
	"strings"
	"time"

	"treembot/storage"
)

// Timeliness of one expected unit's report.
const (
	OnTime     = "on_time"
	Late       = "late"
	NotCounted = "missing" // no report, a draft, or returned for correction
)

// Completeness counts the expected units of a period by timeliness.
type Completeness struct {
	Expected int
	OnTime   int
	Late     int
	Missing  int
}

// Submitted is how many expected units have a counted report.
func (c Completeness) Submitted() int { return c.OnTime + c.Late }

// Expected reports whether a unit is expected to report: the leaf units of
// the tree (villages, or a commune without villages), since that is where
// collaborators enter figures. Intermediate units aggregate what their
// leaves send and are not counted as missing.
func Expected(u storage.ScopeUnit) bool { return u.Leaf }

// Counted reports whether a unit's report counts: submitted or approved.
func Counted(u storage.ScopeUnit) bool {
	return u.SubmissionID != 0 && (u.Status == storage.StatusSubmitted || u.Status == storage.StatusApproved)
}

// DeadlineEnd is the first instant after the deadline day in zone: a
// report submitted before it is on time.
func DeadlineEnd(p storage.Period, zone *time.Location) time.Time {
	d := p.Deadline.In(zone)
	return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, zone)
}

// Timeliness classifies one unit's report for the period.
func Timeliness(u storage.ScopeUnit, p storage.Period, zone *time.Location) string {
	if !Counted(u) {
		return NotCounted
	}
	if u.SubmittedAt != nil && u.SubmittedAt.Before(DeadlineEnd(p, zone)) {
		return OnTime
	}
	return Late
}

// ComputeCompleteness counts the expected units by timeliness.
func ComputeCompleteness(units []storage.ScopeUnit, p storage.Period, zone *time.Location) Completeness {
	var c Completeness
	for _, u := range units {
		if !Expected(u) {
			continue
		}
		c.Expected++
		switch Timeliness(u, p, zone) {
		case OnTime:
			c.OnTime++
		case Late:
			c.Late++
		default:
			c.Missing++
		}
	}
	return c
}

// DoubleCounted lists the reports to leave out of sums so that no figure
// is counted twice: an intermediate unit's own report (a commune officer
// reporting for the whole commune) is left out when any unit under it
// reported too; alone, it stands in for its units. A unit merged into
// another reported for its own area, not part of the other's, so it
// covers nothing.
func DoubleCounted(units []storage.ScopeUnit) []uint {
	covered := map[string]bool{} // paths of units with a counted report below them
	for _, u := range units {
		if !Counted(u) || u.MergedInto != 0 {
			continue
		}
		for p := parentPath(u.Path); p != ""; p = parentPath(p) {
			covered[p] = true
		}
	}
	var out []uint
	for _, u := range units {
		if !u.Leaf && Counted(u) && covered[u.Path] {
			out = append(out, u.SubmissionID)
		}
	}
	return out
}

// parentPath cuts the last ID off a materialised path ("/1/4/" → "/1/",
// "/1/" → "").
func parentPath(path string) string {
	trimmed := strings.TrimSuffix(path, "/")
	i := strings.LastIndex(trimmed, "/")
	if i <= 0 {
		return ""
	}
	return trimmed[:i+1]
}

// The plausibility rule: a value more than UnusualRatio times, or less
// than 1/UnusualRatio of, the same unit's value in the previous period of
// the same kind is flagged, unless both are at most UnusualFloor (a
// village's 2 births becoming 7 is normal).
const (
	UnusualRatio = 3.0
	UnusualFloor = 10.0
)

// Unusual applies the plausibility rule to one value.
func Unusual(value, previous float64) bool {
	if value <= UnusualFloor && previous <= UnusualFloor {
		return false
	}
	return value > UnusualRatio*previous || value*UnusualRatio < previous
}

// PreviousPeriod returns the period of the same kind that came just
// before p (by deadline), or nil.
func PreviousPeriod(p storage.Period, all []storage.Period) *storage.Period {
	var prev *storage.Period
	for i := range all {
		q := &all[i]
		if q.Kind != p.Kind || !q.Deadline.Before(p.Deadline) {
			continue
		}
		if prev == nil || q.Deadline.After(prev.Deadline) {
			prev = q
		}
	}
	return prev
}
