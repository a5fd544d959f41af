package reminders

import (
	"cmp"
	"slices"
	"strings"
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
	Offices  []storage.Office // for their names
	Statuses []storage.SubmissionStatus
	// Forms is the reporting chain; nil means the one commune form
	// (DefaultFormID) for collaborators and commune officers alike.
	Forms []ChainForm
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
	FormID     string // the report a reporter is chased for; "" for alerts
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
	for _, s := range chainSlots(in) {
		out = append(out, ix.planSlot(in, s)...)
	}
	return out
}

// done reports whether a status means nothing is owed any more.
func done(status string) bool {
	return status == storage.StatusSubmitted || status == storage.StatusApproved
}

// duty is one report owed: a unit's on one form, and who fills it in.
type duty struct {
	unitID  uint
	code    string // the unit's code, for sorting
	form    int    // index into the chain's forms
	village bool   // due by the villages' deadline
	people  []int
}

// index is PlanInput arranged for lookups.
type index struct {
	chain     chain
	units     map[uint]*storage.OrgUnit
	offices   map[string]*storage.Office
	status    []map[[2]uint]string // per form: (unit, period) → status
	duties    []duty               // in tree order
	officers  map[uint][]int       // unit → commune officers at it
	officials map[uint][]int       // unit → officials at it
	channels  []string
}

func newIndex(in PlanInput) *index {
	ix := &index{chain: newChain(chainOrDefault(in.Forms, "")), units: make(map[uint]*storage.OrgUnit, len(in.Units)),
		offices:  map[string]*storage.Office{},
		officers: map[uint][]int{}, officials: map[uint][]int{}, channels: in.Channels}
	for i := range in.Units {
		ix.units[in.Units[i].ID] = &in.Units[i]
	}
	for i := range in.Offices {
		ix.offices[in.Offices[i].Code] = &in.Offices[i]
	}
	ix.status = make([]map[[2]uint]string, len(ix.chain.forms))
	for i := range ix.status {
		ix.status[i] = map[[2]uint]string{}
	}
	for _, s := range in.Statuses {
		f, ok := ix.chain.byID[s.FormID]
		k := [2]uint{s.UnitID, s.PeriodID}
		// A counted version wins over a correction in progress beside it,
		// should the input ever hold both.
		if ok && !done(ix.status[f][k]) {
			ix.status[f][k] = s.Status
		}
	}
	ix.addDuties(in.People)
	return ix
}

// addDuties files each person under the report they owe, and officers and
// officials under their unit for alerts.
func (ix *index) addDuties(people []storage.ReminderPerson) {
	// (unit, form) → duty, as one integer: the planner's hottest map.
	at := make(map[uint64]int, len(people))
	forms := uint64(len(ix.chain.forms))
	ix.duties = make([]duty, 0, len(people))
	for i, p := range people {
		switch p.Role {
		case storage.RoleCommuneOfficer:
			ix.officers[p.UnitID] = append(ix.officers[p.UnitID], i)
		case storage.RoleOfficial:
			ix.officials[p.UnitID] = append(ix.officials[p.UnitID], i)
		}
		f := ix.chain.formFor(p.Role, p.OfficeCode)
		if f < 0 {
			continue
		}
		k := uint64(p.UnitID)*forms + uint64(f)
		d, ok := at[k]
		if !ok {
			d = len(ix.duties)
			at[k] = d
			ix.duties = append(ix.duties, duty{unitID: p.UnitID, code: ix.unitCode(p.UnitID), form: f,
				village: ix.chain.forms[f].Reporter == ReporterVillage})
		}
		ix.duties[d].people = append(ix.duties[d].people, i)
	}
	// Unit codes sort the way people read a list (VQ-XL-01, VQ-XL-02, ...).
	slices.SortFunc(ix.duties, func(a, b duty) int {
		return cmp.Or(strings.Compare(a.code, b.code), strings.Compare(ix.chain.forms[a.form].ID, ix.chain.forms[b.form].ID))
	})
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

// dutyName names what a duty's report is for, in lang: the office's name
// for an office report, else the unit's.
func (ix *index) dutyName(d *duty, lang string) string {
	code := ix.chain.forms[d.form].Office
	if ix.chain.forms[d.form].Reporter != ReporterOffice || code == "" {
		return ix.unitName(d.unitID)
	}
	o := ix.offices[code]
	switch {
	case o == nil:
		return code
	case lang == locales.EN && o.NameEN != "":
		return o.NameEN
	}
	return o.NameVI
}

// statusOf is the status of duty d's report for a period ("" = nothing
// started).
func (ix *index) statusOf(d *duty, periodID uint) string {
	return ix.status[d.form][[2]uint{d.unitID, periodID}]
}

// owes reports whether duty d is chased in slot s: its stage and period
// kind, and its report not counted yet.
func (ix *index) owes(d *duty, s Slot) (string, bool) {
	if d.village != s.Village || !ix.chain.forms[d.form].appliesTo(s.Period.Kind) {
		return "", false
	}
	if u := ix.units[d.unitID]; u != nil && !u.TakesReportsFor(s.Period) {
		return "", false // a merger's new unit does not owe the periods before it
	}
	st := ix.statusOf(d, s.Period.ID)
	return st, !done(st)
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

// planReporters reminds each reporter who still owes the slot's report;
// a fix slot only concerns returned reports.
func (ix *index) planReporters(in PlanInput, s Slot) []Due {
	texts := newSlotTexts(in, s)
	var out []Due
	for di := range ix.duties {
		d := &ix.duties[di]
		st, owed := ix.owes(d, s)
		if !owed || (s.Rule.Kind == storage.RuleFix && st != storage.StatusReturned) {
			continue
		}
		out = append(out, ix.remind(in, s, texts, d, st)...)
	}
	return out
}

// remind is slot s's reminder to each reporter of duty d, in status st.
func (ix *index) remind(in PlanInput, s Slot, texts *slotTexts, d *duty, st string) []Due {
	var out []Due
	for _, i := range d.people {
		p := &in.People[i]
		m, ok := ix.newDue(in, s, p)
		if !ok {
			continue
		}
		m.UnitID, m.FormID = d.unitID, ix.chain.forms[d.form].ID
		if in.Catalog != nil {
			m.Text = texts.reporter(p, ix.dutyName(d, m.Lang), st)
			m.Button = texts.button(m.Lang)
		}
		out = append(out, m)
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
