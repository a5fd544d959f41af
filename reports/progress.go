package reports

import (
	"context"
	"slices"

	"treembot/storage"
)

// Progress is who has reported for a period under a unit: the communes'
// reports (what the district counts), the villages' when the scope is one
// commune, and the offices' annual reports.
type Progress struct {
	Unit     storage.OrgUnit
	Period   storage.Period
	Previous *storage.Period // same kind, just before; nil for the first
	// Units is every unit in scope with its commune report.
	Units        []storage.ScopeUnit
	Completeness Completeness // of the communes' reports
	// Villages are the villages with their village reports when the scope
	// is one commune (or one village); nil otherwise.
	Villages            []storage.ScopeUnit
	VillageCompleteness Completeness
	// OfficeReports are the office reports owed for the period, one per office
	// form and district in scope.
	OfficeReports      []OfficeReport
	OfficeCompleteness Completeness
	// Forms describes the forms of the chain and those read, by ID.
	Forms map[string]FormInfo
	// CommuneForm and VillageForm are the IDs of the commune's and the
	// villages' reports.
	CommuneForm, VillageForm string
	// reports holds, per form read, the units with a report on it.
	reports map[string][]storage.ScopeUnit
	offices []storage.Office
	at      map[uint]int // index of each unit in Units, by ID
}

// OfficeReport is one office's report owed by a district for the period.
type OfficeReport struct {
	Form   FormInfo
	Office storage.Office // only Code is set when the office is unknown
	Unit   storage.ScopeUnit
}

// Progress loads the units under the request's unit with their reports.
func (s *Service) Progress(ctx context.Context, req Request) (*Progress, error) {
	p, _, err := s.progress(ctx, req, nil, false)
	return p, err
}

// previousStamps is the previous period's counted submissions per form.
type previousStamps map[string][]storage.SubmissionStamp

// progress loads the units with their reports on the chain's forms and
// on sources and, when withPrevious, the previous period's counted
// submissions of sources, read at the same time.
func (s *Service) progress(ctx context.Context, req Request, sources []string, withPrevious bool) (*Progress, previousStamps, error) {
	unit, err := s.src.Unit(ctx, req.UnitID)
	if err != nil {
		return nil, nil, err
	}
	period, all, err := s.resolvePeriod(ctx, req.Period, req.Now)
	if err != nil {
		return nil, nil, err
	}
	prev := PreviousPeriod(*period, all)
	type counted struct {
		stamps previousStamps
		err    error
	}
	var before chan counted
	if withPrevious && prev != nil {
		before = make(chan counted, 1)
		go func() {
			out := previousStamps{}
			for _, f := range sources {
				st, err := s.src.CountedSubmissions(ctx, unit.ID, prev.ID, f)
				if err != nil {
					before <- counted{nil, err}
					return
				}
				out[f] = st
			}
			before <- counted{out, nil}
		}()
	}
	prog, err := s.load(ctx, unit, *period, sources)
	var stamps previousStamps
	if before != nil {
		c := <-before
		stamps = c.stamps
		if err == nil {
			err = c.err
		}
	}
	if err != nil {
		return nil, nil, err
	}
	prog.Previous = prev
	return prog, stamps, nil
}

// load reads the units of the scope with their commune reports, and the
// heads of the other forms of the chain and of sources.
func (s *Service) load(ctx context.Context, unit *storage.OrgUnit, period storage.Period, sources []string) (*Progress, error) {
	units, err := s.src.ScopeUnits(ctx, unit.ID, period.ID, s.chain.commune)
	if err != nil {
		return nil, err
	}
	villages := unit.Level == storage.LevelCommune || unit.Level == storage.LevelVillage
	offices := s.chain.officesFor(period.Kind)
	var forms []string
	add := func(f string) {
		if f != s.chain.commune && !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	if villages {
		add(s.chain.village)
	}
	for _, f := range offices {
		add(f.ID)
	}
	for _, f := range sources {
		add(f)
	}
	heads, err := s.src.ScopeHeads(ctx, unit.ID, period.ID, forms)
	if err != nil {
		return nil, err
	}
	p := &Progress{Unit: *unit, Period: period, Units: units,
		Completeness: ComputeCompleteness(units, period, s.zone),
		reports:      map[string][]storage.ScopeUnit{s.chain.commune: units},
		Forms:        map[string]FormInfo{}, CommuneForm: s.chain.commune, VillageForm: s.chain.village}
	p.Forms[s.chain.commune], p.Forms[s.chain.village] = s.chain.form(s.chain.commune), s.chain.form(s.chain.village)
	p.at = make(map[uint]int, len(units))
	for i, u := range units {
		p.at[u.ID] = i
	}
	for _, f := range forms {
		p.reports[f] = reportsOn(units, p.at, heads, f)
		p.Forms[f] = s.chain.form(f)
	}
	if villages {
		p.Villages = withHeads(units, heads, s.chain.village, atLevel(storage.LevelVillage))
		p.VillageCompleteness = countReports(p.Villages, VillageDeadlineEnd(period, s.zone))
	}
	if p.offices, err = s.src.Offices(ctx); err != nil {
		return nil, err
	}
	s.officeReports(p, offices, heads)
	return p, nil
}

// officeReports lists the office reports owed: one per office form at
// each district in scope.
func (s *Service) officeReports(p *Progress, forms []FormInfo, heads []storage.ScopeUnit) {
	var owed []storage.ScopeUnit
	for _, f := range forms {
		office := storage.Office{Code: f.Office}
		for _, o := range p.offices {
			if o.Code == f.Office {
				office = o
			}
		}
		for _, u := range withHeads(p.Units, heads, f.ID, atLevel(storage.LevelDistrict)) {
			if u.Level != storage.LevelDistrict {
				continue // an office report filed elsewhere still counts in sums, not here
			}
			p.OfficeReports = append(p.OfficeReports, OfficeReport{Form: f, Office: office, Unit: u})
			owed = append(owed, u)
		}
	}
	p.OfficeCompleteness = countReports(owed, DeadlineEnd(p.Period, s.zone))
}
