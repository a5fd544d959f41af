package reminders

import (
	"slices"
	"sort"
	"time"

	"treembot/bot/chatmsg"
	"treembot/locales"
	"treembot/storage"
)

// PlanInput is everything the planner looks at; it reads nothing else.
type PlanInput struct {
	Now      time.Time
	Zone     *time.Location
	Periods  []storage.Period
	Rules    []storage.ReminderRule
	People   []storage.ReminderPerson // users with their unit, role, language and identities
	Units    []storage.OrgUnit
	Statuses []storage.SubmissionStatus
	// Sent holds the outbox keys already stored: those are never planned again.
	Sent map[string]bool
	// Channels lists the channels that can deliver; nil means any.
	Channels []string
	// Catalog renders the texts; nil plans without texts (counting only).
	Catalog *locales.Catalog
}

// Due is one message the planner says should go out now.
type Due struct {
	Key        string
	Rule       string // rule code ("due_7"), or "nudge"
	Kind       string // due, fix, overdue, digest or nudge
	PeriodID   uint
	PeriodCode string
	Occurrence int64
	UserID     uint
	Name       string
	Role       string
	Lang       string
	UnitID     uint   // the reporter's unit; 0 for alerts
	UnitName   string // the recipient's home unit
	Channel    string
	ExternalID string
	ChatID     string
	Text       string
	Button     *chatmsg.Button // the /report button, for reporters
	// NotAfter is when an unsent message stops making sense.
	NotAfter time.Time
	// From and To are the sending hours, minutes after local midnight.
	From, To int
}

// Plan returns the messages due at in.Now, ordered by period, rule and
// recipient. It is a pure function of in.
func Plan(in PlanInput) []Due {
	ix := newIndex(in)
	var out []Due
	for _, s := range CurrentSlots(in.Now, in.Zone, in.Periods, in.Rules) {
		out = append(out, ix.planSlot(in, s)...)
	}
	return out
}

// isReporter reports whether a role fills in its own unit's report.
func isReporter(role string) bool {
	return role == storage.RoleCollaborator || role == storage.RoleCommuneOfficer
}

// done reports whether a status means nothing is owed any more.
func done(status string) bool {
	return status == storage.StatusSubmitted || status == storage.StatusApproved
}

// index is PlanInput arranged for lookups.
type index struct {
	units     map[uint]*storage.OrgUnit
	status    map[[2]uint]string
	reporters map[uint][]int // unit → indexes into People
	officers  map[uint][]int // unit → commune officers at it
	officials map[uint][]int // unit → officials at it
	unitOrder []uint         // units with reporters, in tree order
	channels  []string
}

func newIndex(in PlanInput) *index {
	ix := &index{units: make(map[uint]*storage.OrgUnit, len(in.Units)),
		status:    make(map[[2]uint]string, len(in.Statuses)),
		reporters: map[uint][]int{}, officers: map[uint][]int{}, officials: map[uint][]int{},
		channels: in.Channels}
	for i := range in.Units {
		ix.units[in.Units[i].ID] = &in.Units[i]
	}
	for _, s := range in.Statuses {
		ix.status[[2]uint{s.UnitID, s.PeriodID}] = s.Status
	}
	for i, p := range in.People {
		switch {
		case isReporter(p.Role):
			if len(ix.reporters[p.UnitID]) == 0 {
				ix.unitOrder = append(ix.unitOrder, p.UnitID)
			}
			ix.reporters[p.UnitID] = append(ix.reporters[p.UnitID], i)
			if p.Role == storage.RoleCommuneOfficer {
				ix.officers[p.UnitID] = append(ix.officers[p.UnitID], i)
			}
		case p.Role == storage.RoleOfficial:
			ix.officials[p.UnitID] = append(ix.officials[p.UnitID], i)
		}
	}
	// Unit codes sort the way people read a list (VQ-XL-01, VQ-XL-02, ...).
	sort.Slice(ix.unitOrder, func(a, b int) bool { return ix.unitCode(ix.unitOrder[a]) < ix.unitCode(ix.unitOrder[b]) })
	return ix
}

func (ix *index) unitCode(id uint) string {
	if u := ix.units[id]; u != nil {
		return u.Code
	}
	return ""
}

func (ix *index) unitName(id uint) string {
	if u := ix.units[id]; u != nil {
		return u.Name
	}
	return ""
}

// statusOf is the unit's status for the period ("" = nothing started).
func (ix *index) statusOf(unitID, periodID uint) string {
	return ix.status[[2]uint{unitID, periodID}]
}

// identity picks, among the person's active identities on a deliverable
// channel, the one seen most recently (the channel they use now); ties
// and never-seen accounts fall back to the newest binding, as
// storage.PreferredIdentities does.
func (ix *index) identity(p *storage.ReminderPerson) (storage.Identity, bool) {
	var best storage.Identity
	found := false
	for _, id := range p.Identities {
		if !id.Active || (ix.channels != nil && !slices.Contains(ix.channels, id.Channel)) {
			continue
		}
		if !found || seenLater(id, best) {
			best, found = id, true
		}
	}
	return best, found
}

// seenLater reports whether a was seen after b; identities come in
// binding order, so an equal or missing time keeps the later binding.
func seenLater(a, b storage.Identity) bool {
	switch {
	case a.LastSeenAt == nil:
		return b.LastSeenAt == nil
	case b.LastSeenAt == nil:
		return true
	}
	return !a.LastSeenAt.Before(*b.LastSeenAt)
}

// planSlot lists the messages of one slot not sent yet.
func (ix *index) planSlot(in PlanInput, s Slot) []Due {
	switch s.Rule.Kind {
	case storage.RuleDue, storage.RuleFix:
		return ix.planReporters(in, s)
	case storage.RuleOverdue, storage.RuleDigest:
		return ix.planAlerts(in, s)
	}
	return nil
}

// planReporters reminds each reporter whose unit still owes the period's
// report; a fix slot only concerns returned reports.
func (ix *index) planReporters(in PlanInput, s Slot) []Due {
	texts := newSlotTexts(in, s)
	var out []Due
	for _, unitID := range ix.unitOrder {
		st := ix.statusOf(unitID, s.Period.ID)
		if done(st) || (s.Rule.Kind == storage.RuleFix && st != storage.StatusReturned) {
			continue
		}
		for _, i := range ix.reporters[unitID] {
			p := &in.People[i]
			d, ok := ix.newDue(in, s, p)
			if !ok {
				continue
			}
			d.UnitID = unitID
			if in.Catalog != nil {
				d.Text = texts.reporter(p, ix.unitName(unitID), st)
				d.Button = texts.button(d.Lang)
			}
			out = append(out, d)
		}
	}
	return out
}

// newDue fills the parts common to every message of slot s to p; false
// when it was sent already or p cannot be reached.
func (ix *index) newDue(in PlanInput, s Slot, p *storage.ReminderPerson) (Due, bool) {
	key := s.Key(p.ID)
	if in.Sent[key] {
		return Due{}, false
	}
	id, ok := ix.identity(p)
	if !ok {
		return Due{}, false
	}
	return Due{Key: key, Rule: s.Rule.Code, Kind: s.Rule.Kind, PeriodID: s.Period.ID, PeriodCode: s.Period.Code,
		Occurrence: s.Occurrence, UserID: p.ID, Name: p.Name, Role: p.Role,
		Lang: locales.NormaliseLang(p.Language, locales.VI), UnitName: ix.unitName(p.UnitID),
		Channel: id.Channel, ExternalID: id.ExternalID, ChatID: id.ChatID,
		NotAfter: s.Until, From: s.From, To: s.To}, true
}
