package reports

import (
	"math"
	"time"

	"treembot/storage"
)

// The plan's milestone years.
const (
	Milestone2025 = 2025
	Milestone2030 = 2030
)

// Target states.
const (
	Met      = "met"
	NotMet   = "not_met"
	NoData   = "no_data"   // the value is missing
	NoTarget = "no_target" // the plan sets no target for that year
	Withheld = "hidden"    // the value is hidden from the viewer (see Suppress)
)

// Target is one milestone's bound: Value with Op (< <= = >= >).
type Target struct {
	Year  int
	Value float64
	Op    string
	Set   bool // false when the plan sets none
}

// TargetResult compares a value with a target.
type TargetResult struct {
	Target
	State string
	// Diff is value − target (percentage points, per-1,000 points or a
	// count), meaningful when both exist: how far above or below the bound.
	Diff float64
}

// Targets returns a part's 2025 and 2030 targets. "Maintain" means the
// 2025 target holds in 2030.
func Targets(p storage.IndicatorPart) (t2025, t2030 Target) {
	t2025 = Target{Year: Milestone2025, Op: p.Op2025}
	if p.Target2025 != nil {
		t2025.Value, t2025.Set = *p.Target2025, true
	}
	t2030 = Target{Year: Milestone2030, Op: p.Op2030}
	switch {
	case p.Target2030 != nil:
		t2030.Value, t2030.Set = *p.Target2030, true
	case p.Maintain2030 && t2025.Set:
		t2030.Value, t2030.Op, t2030.Set = t2025.Value, t2025.Op, true
	}
	return t2025, t2030
}

// Evaluate says whether v meets t. Strict bounds are strict: 9.5 does not
// meet "< 9.5" but meets "<= 9.5". A tiny tolerance absorbs floating-point
// noise from dividing counts, so 1/3×300 still equals 100.
func Evaluate(v Value, t Target) TargetResult {
	r := TargetResult{Target: t}
	switch {
	case !t.Set:
		r.State = NoTarget
		return r
	case !v.OK:
		r.State = NoData
		return r
	}
	r.Diff = v.Figure - t.Value
	if math.Abs(r.Diff) < 1e-9*math.Max(1, math.Abs(t.Value)) {
		r.Diff = 0
	}
	met := false
	switch t.Op {
	case "<":
		met = r.Diff < 0
	case "<=":
		met = r.Diff <= 0
	case "=":
		met = r.Diff == 0
	case ">=":
		met = r.Diff >= 0
	case ">":
		met = r.Diff > 0
	}
	r.State = NotMet
	if met {
		r.State = Met
	}
	return r
}

// MilestoneYear is the target year a period is judged against: 2025 for
// periods ending in 2025 or before, 2030 after.
func MilestoneYear(p storage.Period, zone *time.Location) int {
	if p.End.In(zone).Year() <= Milestone2025 {
		return Milestone2025
	}
	return Milestone2030
}
