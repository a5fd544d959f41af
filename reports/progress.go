package reports

import (
	"context"
	"slices"

	"golang.org/x/sync/errgroup"

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
// submissions of sources. The queries run at once: a province's units
// are the slow one.
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
	forms := s.formsToRead(unit, *period, sources)
	var units, heads []storage.ScopeUnit
	var offices []storage.Office
	var before []storage.SubmissionStamp
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		units, err = s.src.ScopeUnits(gctx, unit.ID, period.ID, s.chain.commune)
		return err
	})
	g.Go(func() (err error) { heads, err = s.src.ScopeHeads(gctx, unit.ID, period.ID, forms); return err })
	g.Go(func() (err error) { offices, err = s.src.Offices(gctx); return err })
	if withPrevious && prev != nil {
		g.Go(func() (err error) {
			before, err = s.src.CountedSubmissions(gctx, unit.ID, prev.ID, sources)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	prog := s.build(unit, *period, units, heads, forms, offices)
	prog.Previous = prev
	if prev == nil || !withPrevious {
		return prog, nil, nil
	}
	stamps := previousStamps{}
	for _, f := range sources {
		stamps[f] = nil // a form without reports last time is still compared
	}
	for _, x := range before {
		stamps[x.FormID] = append(stamps[x.FormID], x)
	}
	return prog, stamps, nil
}

// formsToRead lists the forms besides the commune report whose reports
// are read: the villages' in one commune's scope, the offices' owed for
// the period, and the parts' sources.
func (s *Service) formsToRead(unit *storage.OrgUnit, period storage.Period, sources []string) []string {
	var forms []string
	add := func(f string) {
		if f != s.chain.commune && !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	if villagesShown(unit) {
		add(s.chain.village)
	}
	for _, f := range s.chain.officesFor(period.Kind) {
		add(f.ID)
	}
	for _, f := range sources {
		add(f)
	}
	return forms
}

// villagesShown says whether a scope lists its villages: one commune's,
// or one village's.
func villagesShown(unit *storage.OrgUnit) bool {
	return unit.Level == storage.LevelCommune || unit.Level == storage.LevelVillage
}

// build lays the reports read on the scope's units and counts them.
func (s *Service) build(unit *storage.OrgUnit, period storage.Period, units, heads []storage.ScopeUnit, forms []string,
	offices []storage.Office) *Progress {
	p := &Progress{Unit: *unit, Period: period, Units: units,
		Completeness: ComputeCompleteness(units, period, s.zone),
		reports:      map[string][]storage.ScopeUnit{s.chain.commune: units}, offices: offices,
		Forms: map[string]FormInfo{}, CommuneForm: s.chain.commune, VillageForm: s.chain.village}
	p.Forms[s.chain.commune], p.Forms[s.chain.village] = s.chain.form(s.chain.commune), s.chain.form(s.chain.village)
	p.at = make(map[uint]int, len(units))
	for i, u := range units {
		p.at[u.ID] = i
	}
	for _, f := range forms {
		p.reports[f] = reportsOn(units, p.at, heads, f)
		p.Forms[f] = s.chain.form(f)
	}
	if villagesShown(unit) {
		p.Villages = withHeads(units, heads, s.chain.village, atLevel(storage.LevelVillage))
		p.VillageCompleteness = countReports(p.Villages, VillageDeadlineEnd(period, s.zone))
	}
	s.officeReports(p, s.chain.officesFor(period.Kind), heads)
	return p
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
