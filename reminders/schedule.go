package reminders

import (
	"fmt"
	"sort"
	"time"

	"treembot/storage"
)

// maxRepeats bounds the occurrences of a repeating rule, whatever the
// period's closing date says.
const maxRepeats = 400

// Slot is one occurrence of one rule for one period: when it is scheduled
// and until when it still makes sense to send.
type Slot struct {
	Rule       storage.ReminderRule
	Period     storage.Period
	Occurrence int64
	// At is the scheduled instant: the rule's day at its SendFrom time.
	At time.Time
	// Until is when the occurrence stops making sense: the next one of its
	// chain supersedes it, its deadline day is over, or the period closed.
	Until time.Time
	// From and To are the sending hours in minutes after local midnight.
	From, To int
	// Village marks the villages' stage of the chain: Period.Deadline is
	// then the villages' deadline, VillageLeadDays before the period's.
	Village bool
}

// Key is the outbox key of this slot's message to one user.
func (s Slot) Key(userID uint) string {
	return fmt.Sprintf("%s/%d/%s/%d", s.Rule.Code, userID, s.Period.Code, s.Occurrence)
}

// OutboxSlot names the slot for storage queries.
func (s Slot) OutboxSlot() storage.OutboxSlot {
	return storage.OutboxSlot{RuleCode: s.Rule.Code, PeriodCode: s.Period.Code, Occurrence: s.Occurrence}
}

// chainOf groups rules that supersede each other: a later reminder makes
// an earlier, missed one pointless.
func chainOf(kind string) string {
	switch kind {
	case storage.RuleOverdue, storage.RuleDigest:
		return "alert"
	}
	return kind
}

// rule is an active, valid rule with its sending hours parsed.
type rule struct {
	storage.ReminderRule
	from, to int
	chain    string
}

// prepareRules keeps the active, valid rules, ordered by chain; a broken
// rule an admin saved is skipped rather than stopping every reminder.
func prepareRules(rules []storage.ReminderRule) []rule {
	var out []rule
	for _, r := range rules {
		if !r.Active || storage.ValidateReminderRule(r) != nil {
			continue
		}
		from, _ := storage.ParseClock(r.SendFrom)
		to, _ := storage.ParseClock(r.SendUntil)
		out = append(out, rule{ReminderRule: r, from: from, to: to, chain: chainOf(r.Kind)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].chain < out[j].chain })
	return out
}

// Schedule lists every occurrence of the active rules for period, grouped
// by chain and ordered by time, with Until filled in.
func Schedule(p storage.Period, rules []storage.ReminderRule, zone *time.Location) [][]Slot {
	return schedule(p, prepareRules(rules), zone)
}

func schedule(p storage.Period, rules []rule, zone *time.Location) [][]Slot {
	var out [][]Slot
	for i := 0; i < len(rules); {
		j := i
		var slots []Slot
		for ; j < len(rules) && rules[j].chain == rules[i].chain; j++ {
			slots = append(slots, occurrences(rules[j], p, zone)...)
		}
		out = append(out, finishChain(p, rules[i].chain, slots, zone))
		i = j
	}
	return out
}

// finishChain orders a chain's slots and sets when each stops applying.
func finishChain(p storage.Period, c string, slots []Slot, zone *time.Location) []Slot {
	sort.SliceStable(slots, func(i, j int) bool { return slots[i].At.Before(slots[j].At) })
	end := p.ClosesAt
	if c == storage.RuleDue {
		// A reminder before the deadline is pointless once the deadline day is over.
		end = minTime(end, dayStart(p.Deadline, zone, 1))
	}
	for i := range slots {
		slots[i].Until = end
		if i+1 < len(slots) {
			slots[i].Until = minTime(end, slots[i+1].At)
		}
	}
	return slots
}

// occurrences lists the days rule r fires for period p: its offset from
// the deadline day, then every RepeatDays while the period is open.
func occurrences(r rule, p storage.Period, zone *time.Location) []Slot {
	from, to := r.from, r.to
	d := p.Deadline.In(zone)
	var out []Slot
	for n := 0; n < maxRepeats; n++ {
		// time.Date normalises day overflow, so month ends and 29 February
		// come out right.
		at := time.Date(d.Year(), d.Month(), d.Day()+r.OffsetDays+n*r.RepeatDays, from/60, from%60, 0, 0, zone)
		if n > 0 && !at.Before(p.ClosesAt) {
			break
		}
		out = append(out, Slot{Rule: r.ReminderRule, Period: p, Occurrence: int64(n), At: at, From: from, To: to})
		if r.RepeatDays == 0 {
			break
		}
	}
	return out
}

// CurrentSlots lists the slots to act on at now: per period and chain, the
// latest occurrence already scheduled, unless it was superseded or expired,
// now is outside its sending hours, or the period is not accepting reports.
// A slot missed during downtime is thus sent at the next permitted time.
func CurrentSlots(now time.Time, zone *time.Location, periods []storage.Period, rules []storage.ReminderRule) []Slot {
	prepared := prepareRules(rules)
	earliest := minOffset(prepared) - 1 // a day's margin for zones with DST
	var out []Slot
	for _, p := range periods {
		// Skip periods no rule can reach yet, or any more.
		if !now.Before(p.ClosesAt) || now.Before(p.Deadline.AddDate(0, 0, earliest)) {
			continue
		}
		for _, chain := range schedule(p, prepared, zone) {
			if s, ok := currentOf(chain, now, zone); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// minOffset is the earliest day any rule fires, relative to a deadline.
func minOffset(rules []rule) int {
	m := 0
	for _, r := range rules {
		m = min(m, r.OffsetDays)
	}
	return m
}

// currentOf picks the chain's slot that applies at now, if any.
func currentOf(chain []Slot, now time.Time, zone *time.Location) (Slot, bool) {
	i := sort.Search(len(chain), func(i int) bool { return chain[i].At.After(now) }) - 1
	if i < 0 {
		return Slot{}, false
	}
	s := chain[i]
	return s, sendable(s, now, zone)
}

// sendable reports whether slot s may go out at t.
func sendable(s Slot, t time.Time, zone *time.Location) bool {
	if t.Before(s.At) || !t.Before(s.Until) || !inWindow(t, s.From, s.To, zone) {
		return false
	}
	if s.Rule.Kind == storage.RuleDue || s.Rule.Kind == storage.RuleFix {
		// Reporters are only nudged while their report can be accepted.
		return !t.Before(s.Period.OpensAt)
	}
	return true
}

// inWindow reports whether t falls within the sending hours [from, to).
func inWindow(t time.Time, from, to int, zone *time.Location) bool {
	l := t.In(zone)
	m := l.Hour()*60 + l.Minute()
	return m >= from && m < to
}

// NextWindow returns t if it is within the sending hours, else the next
// time they open.
func NextWindow(t time.Time, from, to int, zone *time.Location) time.Time {
	if inWindow(t, from, to, zone) {
		return t
	}
	l := t.In(zone)
	day := l.Day()
	if l.Hour()*60+l.Minute() >= to {
		day++
	}
	return time.Date(l.Year(), l.Month(), day, from/60, from%60, 0, 0, zone)
}

// dayStart is local midnight of t's day plus days.
func dayStart(t time.Time, zone *time.Location, days int) time.Time {
	l := t.In(zone)
	return time.Date(l.Year(), l.Month(), l.Day()+days, 0, 0, 0, 0, zone)
}

// daysBetween counts calendar days from a's local day to b's.
func daysBetween(a, b time.Time, zone *time.Location) int {
	da, db := dayStart(a, zone, 0), dayStart(b, zone, 0)
	// Local midnights in a zone without DST are whole days apart; rounding
	// keeps a zone with DST right too.
	return int(db.Sub(da).Round(24*time.Hour) / (24 * time.Hour))
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
