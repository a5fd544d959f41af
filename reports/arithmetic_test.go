package reports

import (
	"math"
	"testing"

	"treembot/storage"
)

func ptr(v float64) *float64 { return &v }

// Parts as the plan defines them (see storage's seed).
var (
	part3a = storage.IndicatorPart{Code: "3a", Unit: storage.PartPer1000, NumeratorCode: "deaths_u28d",
		DenominatorCode: "live_births", Multiplier: 1000, Target2025: ptr(9.5), Op2025: "<", Target2030: ptr(9), Op2030: "<"}
	part3b = storage.IndicatorPart{Code: "3b", Unit: storage.PartPer1000, NumeratorCode: "deaths_u1",
		DenominatorCode: "live_births", Multiplier: 1000, Target2025: ptr(12.5), Op2025: "<=", Target2030: ptr(10), Op2030: "<="}
	part4cRural = storage.IndicatorPart{Code: "4c-rural", Unit: storage.PartPercent, NumeratorCode: "u5_obese",
		DenominatorCode: "u5_measured", Multiplier: 100, Area: storage.AreaRural, Target2025: ptr(5), Op2025: "<"}
	part4cUrban = storage.IndicatorPart{Code: "4c-urban", Unit: storage.PartPercent, NumeratorCode: "u5_obese",
		DenominatorCode: "u5_measured", Multiplier: 100, Area: storage.AreaUrban, Target2025: ptr(10), Op2025: "<"}
	part1 = storage.IndicatorPart{Code: "1", Unit: storage.PartPercent, NumeratorCode: "child_friendly",
		DenominatorCode: storage.DenominatorUnits, Multiplier: 100, Target2025: ptr(90), Op2025: ">="}
	part10 = storage.IndicatorPart{Code: "10", Unit: storage.PartCount, NumeratorCode: "child_labour",
		Multiplier: 1, Target2025: ptr(0), Op2025: "=", Target2030: ptr(0), Op2030: "="}
	part17b = storage.IndicatorPart{Code: "17b", Unit: storage.PartPercent, NumeratorCode: "primary_dropouts",
		DenominatorCode: "primary_enrolled", Multiplier: 100, Target2025: ptr(0.05), Op2025: "<", Maintain2030: true}
	part5b = storage.IndicatorPart{Code: "5b", Unit: storage.PartPercent, NumeratorCode: "u5_fully_immunised",
		DenominatorCode: "children_u5", Multiplier: 100, Target2030: ptr(98), Op2030: ">="}
)

// rows builds sums from element, area, total, units answering.
func rows(rs ...any) Sums {
	out := Sums{}
	for i := 0; i < len(rs); i += 4 {
		out.Add(rs[i].(string), rs[i+1].(string), float64(rs[i+2].(int)), rs[i+3].(int))
	}
	return out
}

const (
	rural = storage.AreaRural
	urban = storage.AreaUrban
)

func TestPartValue(t *testing.T) {
	tests := []struct {
		name   string
		part   storage.IndicatorPart
		totals Sums
		want   float64
		ok     bool
	}{
		{"per 1,000 live births", part3a, rows("deaths_u28d", rural, 2, 3, "live_births", rural, 250, 3), 8, true},
		// 1/10 and 1/1000 average to 5.05 ‰... of rates; summing counts gives 2/1010.
		{"rates come from summed counts, not averaged", part3a,
			rows("deaths_u28d", rural, 1, 1, "live_births", rural, 10, 1, "deaths_u28d", urban, 1, 1, "live_births", urban, 1000, 1),
			2.0 / 1010 * 1000, true},
		{"rural part ignores urban units", part4cRural,
			rows("u5_obese", rural, 3, 2, "u5_measured", rural, 100, 2, "u5_obese", urban, 40, 1, "u5_measured", urban, 50, 1), 3, true},
		{"urban part ignores rural units", part4cUrban,
			rows("u5_obese", rural, 3, 2, "u5_measured", rural, 100, 2, "u5_obese", urban, 4, 1, "u5_measured", urban, 50, 1), 8, true},
		{"urban part without urban units has no data", part4cUrban,
			rows("u5_obese", rural, 3, 2, "u5_measured", rural, 100, 2), 0, false},
		{"zero denominator is no data, not 0 or NaN", part3a, rows("deaths_u28d", rural, 0, 2, "live_births", rural, 0, 2), 0, false},
		{"missing denominator is no data", part3a, rows("deaths_u28d", rural, 1, 2), 0, false},
		{"nobody answered the numerator", part3a, rows("live_births", rural, 10, 2), 0, false},
		{"share of units answering yes", part1, rows("child_friendly", rural, 2, 3), 200.0 / 3, true},
		{"share of units, across areas", part1, rows("child_friendly", rural, 1, 1, "child_friendly", urban, 1, 1), 100, true},
		{"count is a plain sum", part10, rows("child_labour", rural, 2, 4, "child_labour", urban, 1, 1), 3, true},
		{"count of zero is data", part10, rows("child_labour", rural, 0, 4), 0, true},
		{"count nobody answered is no data", part10, nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PartValue(tt.part, tt.totals)
			if got.OK != tt.ok || math.Abs(got.Figure-tt.want) > 1e-9 || math.IsNaN(got.Figure) {
				t.Errorf("PartValue = %+v, want figure %v ok %v", got, tt.want, tt.ok)
			}
		})
	}
}

func TestEvaluateTargets(t *testing.T) {
	val := func(f float64) Value { return Value{Figure: f, OK: true} }
	t25 := func(p storage.IndicatorPart) Target { a, _ := Targets(p); return a }
	t30 := func(p storage.IndicatorPart) Target { _, b := Targets(p); return b }
	tests := []struct {
		name   string
		v      Value
		target Target
		state  string
		diff   float64
	}{
		{"strict bound: exactly 9.5 is not under 9.5", val(9.5), t25(part3a), NotMet, 0},
		{"strict bound: 9.4 is under 9.5", val(9.4), t25(part3a), Met, 9.4 - 9.5},
		{"non-strict bound: exactly 12.5 meets 'down to 12.5'", val(12.5), t25(part3b), Met, 0},
		{"non-strict bound: 12.6 does not", val(12.6), t25(part3b), NotMet, 12.6 - 12.5},
		{"2030 is stricter", val(9.5), t30(part3b), Met, -0.5},
		{"at least 90 %: 66.7 is short", val(200.0 / 3), t25(part1), NotMet, 200.0/3 - 90},
		{"at least 90 %: 90 meets", val(90), t25(part1), Met, 0},
		{"exactly 0 child labour", val(0), t25(part10), Met, 0},
		{"1 case of child labour is not 0", val(1), t25(part10), NotMet, 1},
		{"100 % from dividing counts still equals 100", val(1.0 / 3 * 3 * 100), Target{Value: 100, Op: "=", Set: true}, Met, 0},
		{"no data stays no data", Value{}, t25(part3a), NoData, 0},
		{"the plan sets no 2025 target", val(91), t25(part5b), NoTarget, 0},
		{"2030 target where 2025 has none", val(91), t30(part5b), NotMet, -7},
		{"maintain: the 2025 target holds in 2030", val(0.04), t30(part17b), Met, 0.04 - 0.05},
		{"maintain keeps strictness", val(0.05), t30(part17b), NotMet, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Evaluate(tt.v, tt.target)
			if got.State != tt.state || math.Abs(got.Diff-tt.diff) > 1e-9 {
				t.Errorf("Evaluate(%v, %+v) = %s diff %v, want %s diff %v", tt.v.Figure, tt.target, got.State, got.Diff, tt.state, tt.diff)
			}
		})
	}
}

func TestMaintainTargetCopiesOperatorAndYear(t *testing.T) {
	_, t30 := Targets(part17b)
	if !t30.Set || t30.Value != 0.05 || t30.Op != "<" || t30.Year != Milestone2030 {
		t.Errorf("2030 target of a 'maintain' part = %+v, want < 0.05 in 2030", t30)
	}
}

func TestUnusual(t *testing.T) {
	tests := []struct {
		value, previous float64
		want            bool
	}{
		{130, 40, true},  // more than 3×
		{120, 40, false}, // exactly 3× is not more
		{3, 12, true},    // under a third
		{4, 12, false},   // exactly a third
		{9, 1, false},    // both small
		{11, 1, true},    // one side over the floor
		{0, 30, true},
		{0, 0, false},
		{25, 20, false},
	}
	for _, tt := range tests {
		if got := Unusual(tt.value, tt.previous); got != tt.want {
			t.Errorf("Unusual(%v, %v) = %v, want %v", tt.value, tt.previous, got, tt.want)
		}
	}
}
