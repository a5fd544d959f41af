package reports

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"treembot/storage"
)

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
	CountedSubmissions(ctx context.Context, rootID, periodID uint, formIDs []string) ([]storage.SubmissionStamp, error)
	SubmissionValues(ctx context.Context, ids []uint, elements []string) ([]storage.SubmissionValue, error)
	ScopeValues(ctx context.Context, rootID, periodID uint, formID string, elements []string) ([]storage.SubmissionValue, error)
	ScopeHeads(ctx context.Context, rootID, periodID uint, formIDs []string) ([]storage.ScopeUnit, error)
	ScopeExportRows(ctx context.Context, rootID, periodID uint) ([]storage.ExportRow, error)
	UsersOfUnits(ctx context.Context, unitIDs []uint) ([]storage.User, error)
}

// Config is what a Service needs.
type Config struct {
	Source Source
	Zone   *time.Location // where deadline days end
	// Forms are the chain's forms (default DefaultForms): which is the
	// commune report, which the village report, and which office reports
	// are owed for which period kinds.
	Forms []FormInfo
}

// Service computes reports from the database. It is safe for concurrent
// use.
type Service struct {
	src   Source
	zone  *time.Location
	chain chain
	cache *vectorCache
}

// New checks the configuration and returns a Service.
func New(c Config) (*Service, error) {
	if c.Source == nil || c.Zone == nil {
		return nil, errors.New("reports: Source and Zone are required")
	}
	if c.Forms == nil {
		c.Forms = DefaultForms()
	}
	return &Service{src: c.Source, zone: c.Zone, chain: newChain(c.Forms), cache: newVectorCache(defaultCachedPeriods)}, nil
}

// Zone is the time zone deadlines are judged in.
func (s *Service) Zone() *time.Location { return s.zone }

// Request names what to report on: a unit's subtree and a period ("" =
// the default period at Now).
type Request struct {
	UnitID uint
	Period string
	Now    time.Time
	// Viewer is who asks: small sensitive counts are hidden from them as
	// the rules say (see Suppress). Nil shows everything: the CLI, an
	// admin's tool on the server.
	Viewer *Viewer
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
	// CrossChecks are the parts' figures that another form holds too
	// (a commune's births and the health office's): shown, never summed.
	CrossChecks []CrossCheck
}

// Summary computes completeness, every indicator part over the counted
// reports of its source form in the unit's subtree, and the values that
// moved unusually far since the previous period of the same kind.
func (s *Service) Summary(ctx context.Context, req Request) (*Summary, error) {
	b, err := s.compute(ctx, req, false)
	if err != nil {
		return nil, err
	}
	return &b.Summary, nil
}

// compute builds a summary and, when byChild, each child unit's figures.
func (s *Service) compute(ctx context.Context, req Request, byChild bool) (*Breakdown, error) {
	parts, err := s.src.IndicatorParts(ctx)
	if err != nil {
		return nil, err
	}
	elements, err := s.src.DataElements(ctx)
	if err != nil {
		return nil, err
	}
	sources := s.chain.sources(parts)
	prog, previous, err := s.progress(ctx, req, sources, true)
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]storage.DataElement, len(elements))
	for _, e := range elements {
		byCode[e.Code] = e
	}
	codes := vectorCodes(parts, elements)
	vecs, err := s.formVectors(ctx, codes, prog.Unit.ID, prog.Period.ID, sources, prog.reports)
	if err != nil {
		return nil, err
	}
	root := prog.Unit.ID
	whole := sumForms(codes, prog.reports, vecs, func(storage.ScopeUnit) uint { return root })[root]
	b := &Breakdown{Summary: Summary{Progress: *prog, Milestone: MilestoneYear(prog.Period, s.zone),
		Parts: s.evaluate(parts, whole, prog.Period), Elements: byCode, CrossChecks: s.crossChecks(parts, whole)}}
	if b.Unusual, err = s.unusual(ctx, prog, previous, codes, byCode, vecs); err != nil {
		return nil, err
	}
	if byChild {
		b.Children = s.children(prog, parts, sumForms(codes, prog.reports, vecs, childOf(prog)))
	}
	if b.protection, err = s.protection(ctx, req.Viewer, prog, elements, parts); err != nil {
		return nil, err
	}
	b.protection.apply(s.chain, b)
	return b, nil
}

// formVectors returns the value vectors of the counted reports of each
// source form: one read per form, through the cache (submission IDs are
// unique across forms).
func (s *Service) formVectors(ctx context.Context, codes []string, rootID, periodID uint, sources []string,
	reports map[string][]storage.ScopeUnit) (map[uint][]float64, error) {
	vecs := map[uint][]float64{}
	for _, f := range sources {
		v, err := s.cache.vectors(ctx, s.src, codes, scopeRef{rootID: rootID, periodID: periodID, formID: f}, stamps(reports[f]))
		if err != nil {
			return nil, err
		}
		maps.Copy(vecs, v)
	}
	return vecs, nil
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

// evaluate computes every part from its source form's sums and compares
// it with its targets. A 6-month period's annualised parts are doubled:
// the year's estimate is what the plan's annual target judges.
func (s *Service) evaluate(parts []storage.IndicatorPart, sums formSums, period storage.Period) []PartResult {
	out := make([]PartResult, 0, len(parts))
	for _, p := range parts {
		v := PartValue(p, sums[s.chain.sourceOf(p)])
		if p.Annualise && period.Kind == storage.PeriodSixMonthly && v.OK {
			v.Figure *= 2
			v.Annualised = true
		}
		t25, t30 := Targets(p)
		out = append(out, PartResult{Part: p, Value: v, T2025: Evaluate(v, t25), T2030: Evaluate(v, t30)})
	}
	return out
}
