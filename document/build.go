package document

import (
	"strings"
	"time"

	"treembot/locales"
	"treembot/reports"
	"treembot/storage"
)

// This file is the only one that reads reports' and storage's types: when
// the summary changes shape, only Build changes.

// maxNotes keeps the plausibility notes to a page; the Excel file has all.
const maxNotes = 40

// Options are what Build needs besides the summary. Empty strings take
// the defaults (fillDefaults).
type Options struct {
	Lang  string
	Zone  *time.Location      // nil = the plan's zone, Asia/Ho_Chi_Minh
	Date  time.Time           // the document's date, from the caller's clock
	Texts []storage.ExportRow // the free-text answers (reports.Workbook.Raw or ScopeExportRows)

	ParentBody  string
	IssuingBody string
	NumberCode  string
	Place       string
	SignerTitle string
	SignerName  string
	PlanName    string
	Recipients  []string // before the archive copy, which is always last
	// Reporter is who reports when it is not the unit itself (an office
	// on its district): the name the intro and the closing give. The place
	// and the default issuer still come from the unit.
	Reporter string
}

// Build makes the document's content from a summary and the free-text
// answers of its period.
func Build(cat *locales.Catalog, s *reports.Summary, o Options) *Report {
	lang := locales.NormaliseLang(o.Lang, locales.VI)
	if o.Zone == nil {
		o.Zone = time.UTC
		if z, err := locales.LoadZone(""); err == nil {
			o.Zone = z
		}
	}
	r := &Report{Lang: lang, ParentBody: o.ParentBody, IssuingBody: o.IssuingBody, NumberCode: o.NumberCode,
		UnitCode: s.Unit.Code, UnitName: s.Unit.Name, UnitLevel: s.Unit.Level, PeriodCode: s.Period.Code,
		PeriodLabel: reports.PeriodLabel(cat, lang, s.Period, o.Zone), PeriodKind: s.Period.Kind,
		Year: s.Period.End.In(o.Zone).Year(), Place: o.Place, Date: o.Date.In(o.Zone),
		SignerTitle: o.SignerTitle, SignerName: o.SignerName, PlanName: o.PlanName, Milestone: s.Milestone}
	r.fillDefaults(cat)
	if o.Reporter != "" {
		r.UnitName = o.Reporter
	}
	r.Completeness = completeness(s, o.Zone)
	r.Offices = officeCompleteness(lang, s, o.Zone)
	r.Parts = partRows(lang, s)
	r.HiddenNote = reports.HiddenNote(cat, lang, s.Parts)
	r.Notes, r.MoreNotes = notes(cat, lang, s)
	if s.Previous != nil {
		r.PreviousCode = s.Previous.Code
	}
	r.Remarks = remarks(lang, s, o.Texts)
	r.Recipients = append(append([]string{}, o.Recipients...), cat.T(lang, "document_recipient_archive"))
	return r
}

// fillDefaults names a People's Committee of the unit, signed by its
// chair, wherever the caller named nobody.
func (r *Report) fillDefaults(cat *locales.Catalog) {
	t := func(id string, data ...map[string]any) string { return cat.T(r.Lang, id, data...) }
	if r.IssuingBody == "" {
		r.IssuingBody = t("document_issuer_default", map[string]any{"Unit": strings.ToUpper(r.UnitName)})
	}
	if r.NumberCode == "" {
		r.NumberCode = t("document_number_code_default")
	}
	if r.Place == "" {
		r.Place = placeName(r.UnitName)
	}
	if r.SignerTitle == "" {
		r.SignerTitle = t("document_signer_default")
	}
	if r.PlanName == "" {
		r.PlanName = t("document_plan_name")
	}
}

// partRows formats every part and its state against the milestone.
func partRows(lang string, s *reports.Summary) []PartRow {
	out := make([]PartRow, 0, len(s.Parts))
	for _, p := range s.Parts {
		name := p.Part.NameVI
		if lang == locales.EN && p.Part.NameEN != "" {
			name = p.Part.NameEN
		}
		out = append(out, PartRow{Code: p.Part.Code, Name: name,
			Figure:     reports.FormatFigure(lang, p.Part, p.Value),
			Target2025: reports.FormatTarget(lang, p.Part, p.T2025.Target),
			Target2030: reports.FormatTarget(lang, p.Part, p.T2030.Target),
			Status:     p.At(s.Milestone).State})
	}
	return out
}

// unitKinds are the words a Vietnamese unit's name starts with, in either
// language (names are data, kept as the tree holds them). Only the default
// place uses them; a caller may pass any place.
var unitKinds = []string{"Thành phố", "Thị trấn", "Thị xã", "Xã", "Phường", "Huyện", "Quận", "Tỉnh",
	"Thôn", "Bản", "Phố", "Khu", "Đặc khu"}

// placeName drops the kind of unit from its name: "Xã Xuân Long" is
// dated "Xuân Long, ngày …".
func placeName(name string) string {
	for _, k := range unitKinds {
		if rest, ok := strings.CutPrefix(name, k+" "); ok {
			return rest
		}
	}
	return name
}

// completeness lists the reports the reporting unit counts on: a
// commune's villages, a district's communes (the chain's tiers).
func completeness(s *reports.Summary, zone *time.Location) Completeness {
	units, c, state := s.Units, s.Completeness, reports.Timeliness
	if s.Villages != nil {
		units, c, state = s.Villages, s.VillageCompleteness, reports.VillageTimeliness
	}
	out := Completeness{Expected: c.Expected, OnTime: c.OnTime, Late: c.Late, Missing: c.Missing}
	names := map[uint]string{}
	for _, u := range s.Units {
		names[u.ID] = u.Name
	}
	for _, u := range units {
		if s.Villages == nil && !reports.Expected(u) {
			continue
		}
		st := UnitState{Name: u.Name, State: state(u, s.Period, zone)}
		if u.ParentID != s.Unit.ID {
			st.Parent = names[u.ParentID]
		}
		out.Units = append(out.Units, st)
	}
	return out
}

// officeCompleteness lists the office reports owed in the scope (the
// chain owes them for yearly periods, filed at each district): they feed
// parts of the figures as the communes' reports do, so the document says
// which have come. Several districts in scope name each office's district.
func officeCompleteness(lang string, s *reports.Summary, zone *time.Location) Completeness {
	c := s.OfficeCompleteness
	out := Completeness{Expected: c.Expected, OnTime: c.OnTime, Late: c.Late, Missing: c.Missing}
	for _, r := range s.OfficeReports {
		st := UnitState{Name: reports.OfficeName(lang, r.Office), State: reports.Timeliness(r.Unit, s.Period, zone)}
		if r.Unit.ID != s.Unit.ID {
			st.Parent = r.Unit.Name
		}
		out.Units = append(out.Units, st)
	}
	return out
}

// notes writes the first plausibility flags as sentences.
func notes(cat *locales.Catalog, lang string, s *reports.Summary) ([]string, int) {
	var out []string
	for i, f := range s.Unusual {
		if i == maxNotes {
			return out, len(s.Unusual) - maxNotes
		}
		out = append(out, cat.T(lang, "document_note_line", map[string]any{"Unit": f.Unit.Name,
			"Element": reports.ElementLabel(lang, s.Elements[f.ElementCode], f.ElementCode),
			"Value":   locales.FormatNumber(lang, f.Value, 2), "Previous": locales.FormatNumber(lang, f.Previous, 2)}))
	}
	return out, 0
}

// remarks groups the counted free-text answers by unit, in the tree's
// order. A unit's answers come from its latest counted version only.
func remarks(lang string, s *reports.Summary, rows []storage.ExportRow) []UnitRemarks {
	latest := map[string]int{}
	for _, row := range rows {
		counted := row.Status == storage.StatusSubmitted || row.Status == storage.StatusApproved
		if counted && row.Version > latest[row.UnitCode] {
			latest[row.UnitCode] = row.Version
		}
	}
	byUnit := map[string][]Remark{}
	for _, row := range rows {
		e, ok := s.Elements[row.ElementCode]
		text := strings.TrimSpace(row.Value)
		if !ok || e.Type != storage.ElementText || text == "" || row.Version != latest[row.UnitCode] {
			continue
		}
		byUnit[row.UnitCode] = append(byUnit[row.UnitCode], Remark{Label: shortLabel(reports.ElementLabel(lang, e, e.Code)), Text: text})
	}
	names := map[uint]string{}
	for _, u := range s.Units {
		names[u.ID] = u.Name
	}
	var out []UnitRemarks
	for _, u := range s.Units {
		items := byUnit[u.Code]
		if len(items) == 0 {
			continue
		}
		name := u.Name
		if u.ParentID != 0 && u.ParentID != s.Unit.ID && names[u.ParentID] != "" {
			name += " (" + names[u.ParentID] + ")"
		}
		out = append(out, UnitRemarks{Unit: name, Items: items})
	}
	return out
}

// shortLabel drops a question's trailing hint: "Khó khăn, vướng mắc (nếu
// có)" heads its answer as "Khó khăn, vướng mắc".
func shortLabel(label string) string {
	if i := strings.LastIndex(label, " ("); i > 0 && strings.HasSuffix(label, ")") {
		return label[:i]
	}
	return label
}
