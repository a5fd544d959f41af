package reports

import (
	"time"

	"treembot/storage"
)

// Timeliness of one expected unit's report.
const (
	OnTime     = "on_time"
	Late       = "late"
	NotCounted = "missing" // no report, a draft, or returned for correction
)

// Completeness counts the reports owed for a period by timeliness.
type Completeness struct {
	Expected int
	OnTime   int
	Late     int
	Missing  int
}

// Submitted is how many of the reports owed are counted.
func (c Completeness) Submitted() int { return c.OnTime + c.Late }

// Expected reports whether a unit owes the commune report: the communes.
// The district counts communes, not villages: a village's report goes to
// its commune officer, who sends the commune's.
func Expected(u storage.ScopeUnit) bool { return u.Level == storage.LevelCommune }

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

// VillageDeadlineEnd is DeadlineEnd for the villages' reports, due to
// their commune officer VillageLeadDays before the commune's deadline.
func VillageDeadlineEnd(p storage.Period, zone *time.Location) time.Time {
	return DeadlineEnd(p, zone).AddDate(0, 0, -p.VillageLeadDays)
}

// VillageTimeliness classifies one village's report, due to its commune
// officer VillageLeadDays before the commune's deadline.
func VillageTimeliness(u storage.ScopeUnit, p storage.Period, zone *time.Location) string {
	return timeliness(u, VillageDeadlineEnd(p, zone))
}

// Timeliness classifies one commune's (or office's) report for the period.
func Timeliness(u storage.ScopeUnit, p storage.Period, zone *time.Location) string {
	return timeliness(u, DeadlineEnd(p, zone))
}

// timeliness classifies a report due before end.
func timeliness(u storage.ScopeUnit, end time.Time) string {
	if !Counted(u) {
		return NotCounted
	}
	// When the report was first sent: a correction or a resend after a
	// return keeps a report sent on time on time.
	sent := u.SubmittedAt
	if u.FirstSubmittedAt != nil {
		sent = u.FirstSubmittedAt
	}
	if sent != nil && sent.Before(end) {
		return OnTime
	}
	return Late
}

// ComputeCompleteness counts the communes by timeliness.
func ComputeCompleteness(units []storage.ScopeUnit, p storage.Period, zone *time.Location) Completeness {
	var expected []storage.ScopeUnit
	for _, u := range units {
		if Expected(u) {
			expected = append(expected, u)
		}
	}
	return countReports(expected, DeadlineEnd(p, zone))
}

// countReports counts the reports owed by units, due before end, by
// timeliness.
func countReports(units []storage.ScopeUnit, end time.Time) Completeness {
	c := Completeness{Expected: len(units)}
	for _, u := range units {
		switch timeliness(u, end) {
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
