package reminders

import (
	"slices"
	"time"

	"treembot/storage"
)

// Reporter kinds of a chain form, as flows.Form.Reporter names them.
const (
	ReporterVillage = "village"
	ReporterCommune = "commune"
	ReporterOffice  = "office"
)

// ChainForm is one form of the reporting chain (INDICATORS.md, "Who
// counts what"), as data: the caller builds the list from the loaded forms.
type ChainForm struct {
	ID       string
	Reporter string // ReporterVillage, ReporterCommune ("" too) or ReporterOffice
	Office   string // the owning office's code, for an office form
	// PeriodKinds lists the period kinds the form is filled for
	// (storage.PeriodYearly, ...); empty means every kind, except for an
	// office form: the plan's office reports are annual.
	PeriodKinds []string
	// Owners lists the offices owning an indicator computed from the form:
	// they hear about the units that owe it. LoadInput fills it from
	// storage when nil.
	Owners []string
}

// appliesTo reports whether the form is filled for periods of kind.
func (f ChainForm) appliesTo(kind string) bool {
	if len(f.PeriodKinds) == 0 {
		return f.Reporter != ReporterOffice || kind == storage.PeriodYearly
	}
	return slices.Contains(f.PeriodKinds, kind)
}

// chainOrDefault is the chain to follow: forms, or, when none is given
// (old setups), the one commune form everyone reports on.
func chainOrDefault(forms []ChainForm, formID string) []ChainForm {
	if len(forms) > 0 {
		return forms
	}
	if formID == "" {
		formID = DefaultFormID
	}
	return []ChainForm{{ID: formID, Reporter: ReporterCommune}}
}

// chain finds, by role, the form each person is chased for.
type chain struct {
	forms            []ChainForm
	village, commune int            // form indexes, -1 for none
	office           map[string]int // office code → form index
	byID             map[string]int
}

func newChain(forms []ChainForm) chain {
	c := chain{forms: forms, village: -1, commune: -1, office: map[string]int{}, byID: map[string]int{}}
	for i, f := range forms {
		c.byID[f.ID] = i
		switch {
		case f.Reporter == ReporterVillage && c.village < 0:
			c.village = i
		case (f.Reporter == ReporterCommune || f.Reporter == "") && c.commune < 0:
			c.commune = i
		case f.Reporter == ReporterOffice && f.Office != "":
			if _, dup := c.office[f.Office]; !dup {
				c.office[f.Office] = i
			}
		}
	}
	return c
}

// formFor is the index of the form a person in role (of office) reports
// on, -1 for none: collaborators their village's report (the commune
// report when there is no village form), commune officers the commune
// report, officials their office's report.
func (c chain) formFor(role, office string) int {
	switch role {
	case storage.RoleCollaborator:
		if c.village >= 0 {
			return c.village
		}
		return c.commune
	case storage.RoleCommuneOfficer:
		return c.commune
	case storage.RoleOfficial:
		if i, ok := c.office[office]; ok {
			return i
		}
	}
	return -1
}

// villagePeriod is p as the villages see it: due VillageLeadDays before
// the commune's deadline, so their officer has time to check them.
func villagePeriod(p storage.Period, zone *time.Location) storage.Period {
	d := p.Deadline.In(zone)
	p.Deadline = time.Date(d.Year(), d.Month(), d.Day()-max(p.VillageLeadDays, 0), d.Hour(), d.Minute(), 0, 0, zone)
	return p
}

// stagePeriods lists p's deadlines the chain follows: the period's own
// and, when villages report on a form of their own, the villages' (marked
// true).
func (c chain) stagePeriods(p storage.Period, zone *time.Location) []stagePeriod {
	out := []stagePeriod{{Period: p}}
	if c.village >= 0 {
		out = append(out, stagePeriod{Period: villagePeriod(p, zone), Village: true})
	}
	return out
}

// stagePeriod is a period at one stage of the chain.
type stagePeriod struct {
	storage.Period
	Village bool
}

// chainSlots lists the slots to act on at in.Now, the villages' stage
// after the period's own.
func chainSlots(in PlanInput) []Slot {
	c := newChain(chainOrDefault(in.Forms, ""))
	var out []Slot
	for _, p := range in.Periods {
		for _, sp := range c.stagePeriods(p, in.Zone) {
			for _, s := range CurrentSlots(in.Now, in.Zone, []storage.Period{sp.Period}, in.Rules) {
				s.Village = sp.Village
				out = append(out, s)
			}
		}
	}
	return out
}

// withOwners copies forms, filling each form's Owners from owners (form
// id → office codes) where the caller gave none.
func withOwners(forms []ChainForm, owners map[string][]string) []ChainForm {
	out := slices.Clone(forms)
	for i := range out {
		if out[i].Owners == nil {
			out[i].Owners = owners[out[i].ID]
		}
	}
	return out
}

// formIDs lists the forms' ids.
func formIDs(forms []ChainForm) []string {
	out := make([]string, len(forms))
	for i, f := range forms {
		out[i] = f.ID
	}
	return out
}
