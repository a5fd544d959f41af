package reports

import (
	"slices"

	"treembot/storage"
)

// Reporters of the chain (as flows names them): who fills a form in.
const (
	ReporterVillage = "village"
	ReporterCommune = "commune"
	ReporterOffice  = "office"
)

// Default form IDs of the chain, used when Config.Forms names none.
const (
	DefaultFormID  = "commune_report" // the commune report: what the district counts
	DefaultVillage = "village_report"
)

// FormInfo is what reports needs to know of one form: who fills it in,
// for which office, and for which period kinds (none = every kind). The
// caller builds the list from the loaded forms.
type FormInfo struct {
	ID          string
	Reporter    string
	Office      string // the owning office's code, for an office form
	PeriodKinds []string
	Title       map[string]string // by language ("vi", "en"), shown in lists
}

// For reports whether the form is filled in for periods of kind.
func (f FormInfo) For(kind string) bool {
	return len(f.PeriodKinds) == 0 || slices.Contains(f.PeriodKinds, kind)
}

// DefaultForms is the chain without office forms: the village and
// commune reports.
func DefaultForms() []FormInfo {
	return []FormInfo{{ID: DefaultVillage, Reporter: ReporterVillage}, {ID: DefaultFormID, Reporter: ReporterCommune}}
}

// chain is the configured forms, by role in the reporting chain.
type chain struct {
	commune string
	village string
	offices []FormInfo
	byID    map[string]FormInfo
}

func newChain(forms []FormInfo) chain {
	c := chain{commune: DefaultFormID, village: DefaultVillage, byID: map[string]FormInfo{}}
	for _, f := range forms {
		c.byID[f.ID] = f
		switch f.Reporter {
		case ReporterCommune:
			c.commune = f.ID
		case ReporterVillage:
			c.village = f.ID
		case ReporterOffice:
			c.offices = append(c.offices, f)
		}
	}
	for id, reporter := range map[string]string{c.commune: ReporterCommune, c.village: ReporterVillage} {
		if _, ok := c.byID[id]; !ok {
			c.byID[id] = FormInfo{ID: id, Reporter: reporter}
		}
	}
	return c
}

// form returns a form's description (only its ID when unknown).
func (c chain) form(id string) FormInfo {
	if f, ok := c.byID[id]; ok {
		return f
	}
	return FormInfo{ID: id}
}

// sourceOf is the form a part is computed from: its SourceForm, or the
// commune report when none is named.
func (c chain) sourceOf(p storage.IndicatorPart) string {
	if p.SourceForm == "" {
		return c.commune
	}
	return p.SourceForm
}

// sources lists the forms the parts are computed from, the commune
// report first.
func (c chain) sources(parts []storage.IndicatorPart) []string {
	out := []string{c.commune}
	for _, p := range parts {
		if f := c.sourceOf(p); !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// officesFor lists the office forms owed for periods of kind.
func (c chain) officesFor(kind string) []FormInfo {
	var out []FormInfo
	for _, f := range c.offices {
		if f.For(kind) {
			out = append(out, f)
		}
	}
	return out
}

// withHeads lays one form's report heads on the scope's units: every unit
// that keep selects (those expected to send the form) and every unit that
// has a report on it, with that report's fields in place of the commune
// report's.
func withHeads(units []storage.ScopeUnit, heads []storage.ScopeUnit, form string,
	keep func(storage.ScopeUnit) bool) []storage.ScopeUnit {
	byUnit := map[uint]storage.ScopeUnit{}
	for _, h := range heads {
		if h.FormID == form {
			byUnit[h.ID] = h
		}
	}
	var out []storage.ScopeUnit
	for _, u := range units {
		h, ok := byUnit[u.ID]
		if !ok && !keep(u) {
			continue
		}
		out = append(out, withReport(u, h))
	}
	return out
}

// reportsOn lays one form's report heads on their units (indexed by ID
// in at): only the units that have one, in the order of heads.
func reportsOn(units []storage.ScopeUnit, at map[uint]int, heads []storage.ScopeUnit, form string) []storage.ScopeUnit {
	var out []storage.ScopeUnit
	for _, h := range heads {
		if i, ok := at[h.ID]; ok && h.FormID == form {
			out = append(out, withReport(units[i], h))
		}
	}
	return out
}

// withReport is the unit with report h's fields in place of its own.
func withReport(u, h storage.ScopeUnit) storage.ScopeUnit {
	u.SubmissionID, u.Status, u.Version, u.Reference = h.SubmissionID, h.Status, h.Version, h.Reference
	u.SubmittedAt, u.ReturnNote, u.UpdatedAt, u.FormID = h.SubmittedAt, h.ReturnNote, h.UpdatedAt, h.FormID
	u.FirstSubmittedAt = h.FirstSubmittedAt
	return u
}

func atLevel(level string) func(storage.ScopeUnit) bool {
	return func(u storage.ScopeUnit) bool { return u.Level == level }
}
