package reports

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"treembot/storage"
)

// DefaultFormID is the form whose submissions completeness counts: the
// commune report collaborators fill in.
const DefaultFormID = "commune_report"

// ErrNoPeriod means no reporting period has opened yet, so there is
// nothing to report on.
var ErrNoPeriod = errors.New("no reporting period has opened yet")

// Source is what reports reads; *storage.Store implements it. Every
// method returns storage.ErrNotFound for a missing row.
type Source interface {
	Unit(ctx context.Context, id uint) (*storage.OrgUnit, error)
	Periods(ctx context.Context) ([]storage.Period, error)
	IndicatorParts(ctx context.Context) ([]storage.IndicatorPart, error)
	Indicators(ctx context.Context) ([]storage.Indicator, error)
	Offices(ctx context.Context) ([]storage.Office, error)
	DataElements(ctx context.Context) ([]storage.DataElement, error)
	ScopeUnits(ctx context.Context, rootID, periodID uint, formID string) ([]storage.ScopeUnit, error)
	CountedSubmissions(ctx context.Context, rootID, periodID uint, formID string) ([]storage.SubmissionStamp, error)
	SubmissionValues(ctx context.Context, ids []uint, elements []string) ([]storage.SubmissionValue, error)
	ScopeValues(ctx context.Context, rootID, periodID uint, formID string, elements []string) ([]storage.SubmissionValue, error)
	ScopeExportRows(ctx context.Context, rootID, periodID uint) ([]storage.ExportRow, error)
	UsersOfUnits(ctx context.Context, unitIDs []uint) ([]storage.User, error)
}

// Config is what a Service needs.
type Config struct {
	Source Source
	Zone   *time.Location // where deadline days end
	FormID string         // default DefaultFormID
}

// Service computes reports from the database. It is safe for concurrent
// use.
type Service struct {
	src    Source
	zone   *time.Location
	formID string
	cache  *vectorCache
}

// New checks the configuration and returns a Service.
func New(c Config) (*Service, error) {
	if c.Source == nil || c.Zone == nil {
		return nil, errors.New("reports: Source and Zone are required")
	}
	if c.FormID == "" {
		c.FormID = DefaultFormID
	}
	return &Service{src: c.Source, zone: c.Zone, formID: c.FormID, cache: newVectorCache(defaultCachedPeriods)}, nil
}

// Zone is the time zone deadlines are judged in.
func (s *Service) Zone() *time.Location { return s.zone }

// Request names what to report on: a unit's subtree and a period ("" =
// the default period at Now).
type Request struct {
	UnitID uint
	Period string
	Now    time.Time
}

// Progress is who has reported for a period under a unit.
type Progress struct {
	Unit         storage.OrgUnit
	Period       storage.Period
	Previous     *storage.Period // same kind, just before; nil for the first
	Units        []storage.ScopeUnit
	Completeness Completeness
}

// Progress loads the units under the request's unit with their reports.
func (s *Service) Progress(ctx context.Context, req Request) (*Progress, error) {
	p, _, err := s.progress(ctx, req, false)
	return p, err
}

// progress loads the units with their reports and, when withPrevious, the
// previous period's counted submissions: two independent queries, run at
// once since each reads 10,000 rows for a province.
func (s *Service) progress(ctx context.Context, req Request, withPrevious bool) (*Progress, []storage.SubmissionStamp, error) {
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
		stamps []storage.SubmissionStamp
		err    error
	}
	var before chan counted
	if withPrevious && prev != nil {
		before = make(chan counted, 1)
		go func() {
			st, err := s.src.CountedSubmissions(ctx, unit.ID, prev.ID, s.formID)
			before <- counted{st, err}
		}()
	}
	units, err := s.src.ScopeUnits(ctx, unit.ID, period.ID, s.formID)
	var stamps []storage.SubmissionStamp
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
	return &Progress{Unit: *unit, Period: *period, Previous: prev, Units: units,
		Completeness: ComputeCompleteness(units, *period, s.zone)}, stamps, nil
}

// resolvePeriod finds the named period (any case), or by default the
// latest one that has opened: the open one while reports come in, else
// the last whose deadline has passed.
func (s *Service) resolvePeriod(ctx context.Context, code string, now time.Time) (*storage.Period, []storage.Period, error) {
	all, err := s.src.Periods(ctx)
	if err != nil {
		return nil, nil, err
	}
	code = strings.ToUpper(strings.TrimSpace(code))
	var found *storage.Period
	for i := range all {
		p := &all[i]
		switch {
		case code != "":
			if strings.ToUpper(p.Code) == code {
				found = p
			}
		case !p.OpensAt.After(now) && (found == nil || p.Deadline.After(found.Deadline)):
			found = p
		}
	}
	switch {
	case found != nil:
		return found, all, nil
	case code != "":
		return nil, nil, fmt.Errorf("period %q: %w", code, storage.ErrNotFound)
	}
	return nil, nil, ErrNoPeriod
}

// PartResult is one indicator part's value and its target status.
type PartResult struct {
	Part  storage.IndicatorPart
	Value Value
	T2025 TargetResult
	T2030 TargetResult
}

// At returns the result against the given milestone year.
func (r PartResult) At(year int) TargetResult {
	if year == Milestone2030 {
		return r.T2030
	}
	return r.T2025
}

// Summary is a unit's progress and its indicators for one period.
type Summary struct {
	Progress
	Milestone int // the target year the period is judged against
	Parts     []PartResult
	Unusual   []Flag
	Elements  map[string]storage.DataElement
}

// Summary computes completeness, every indicator part over the counted
// reports of the unit's subtree, and the values that moved unusually far
// since the previous period of the same kind.
func (s *Service) Summary(ctx context.Context, req Request) (*Summary, error) {
	b, err := s.compute(ctx, req, false)
	if err != nil {
		return nil, err
	}
	return &b.Summary, nil
}

// compute builds a summary and, when byChild, each child unit's figures.
func (s *Service) compute(ctx context.Context, req Request, byChild bool) (*Breakdown, error) {
	prog, previous, err := s.progress(ctx, req, true)
	if err != nil {
		return nil, err
	}
	parts, err := s.src.IndicatorParts(ctx)
	if err != nil {
		return nil, err
	}
	elements, err := s.src.DataElements(ctx)
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]storage.DataElement, len(elements))
	for _, e := range elements {
		byCode[e.Code] = e
	}
	codes := vectorCodes(parts, elements)
	scope := scopeRef{rootID: prog.Unit.ID, periodID: prog.Period.ID, formID: s.formID}
	vecs, err := s.cache.vectors(ctx, s.src, codes, scope, stamps(prog.Units))
	if err != nil {
		return nil, err
	}
	root := prog.Unit.ID
	whole := sumVectors(codes, prog.Units, vecs, func(storage.ScopeUnit) uint { return root })[root]
	b := &Breakdown{Summary: Summary{Progress: *prog, Milestone: MilestoneYear(prog.Period, s.zone),
		Parts: evaluate(parts, whole), Elements: byCode}}
	if b.Unusual, err = s.unusual(ctx, prog, previous, codes, byCode, vecs); err != nil {
		return nil, err
	}
	if byChild {
		b.Children = children(prog, s.zone, parts, sumVectors(codes, prog.Units, vecs, childOf(prog)))
	}
	return b, nil
}

// vectorCodes fixes the element order of value vectors: the parts'
// elements, then every other number (for plausibility), by code.
func vectorCodes(parts []storage.IndicatorPart, elements []storage.DataElement) []string {
	codes := partElements(parts)
	for _, e := range elements {
		numeric := e.Type == storage.ElementCount || e.Type == storage.ElementDecimal
		if numeric && !slices.Contains(codes, e.Code) {
			codes = append(codes, e.Code)
		}
	}
	return codes
}

// evaluate computes every part from sums and compares it with its targets.
func evaluate(parts []storage.IndicatorPart, sums Sums) []PartResult {
	if sums == nil {
		sums = Sums{}
	}
	out := make([]PartResult, 0, len(parts))
	for _, p := range parts {
		v := PartValue(p, sums)
		t25, t30 := Targets(p)
		out = append(out, PartResult{Part: p, Value: v, T2025: Evaluate(v, t25), T2030: Evaluate(v, t30)})
	}
	return out
}
