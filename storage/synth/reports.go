package synth

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"time"

	"treembot/storage"
	"treembot/storage/bulk"
)

// Reports are the reports of a tree's reporters, for the summary
// benchmarks: every village sends its village report and every commune its
// commune report, for each period, each with a value for every one of
// Codes; one report in twenty is still a draft. Report and value ids follow
// from reporter and period, so nothing is kept in memory however large the
// tree.
type Reports struct {
	Tree    Tree
	Periods []storage.Period
	Codes   []string
	// YesNo marks the codes of yes/no elements: their values are 0 or 1.
	YesNo map[string]bool
	// VillageForm and CommuneForm are the forms of the two kinds of report.
	VillageForm, CommuneForm string
	// JumpEvery, when not 0, makes the last period's values of every
	// JumpEvery-th reporter five times larger: implausible jumps for the
	// plausibility checks to flag.
	JumpEvery int
}

// Reporters counts the reporting units: the villages, then the communes.
func (r Reports) Reporters() int { return r.Tree.VillageCount() + r.Tree.CommuneCount() }

// Count is how many reports there are, Values how many figures.
func (r Reports) Count() int  { return r.Reporters() * len(r.Periods) }
func (r Reports) Values() int { return r.Count() * len(r.Codes) }

// Reporter is reporter i's unit and form: villages first, then communes.
func (r Reports) Reporter(i int) (unit int64, form string) {
	if v := r.Tree.VillageCount(); i >= v {
		return r.Tree.CommuneID(i - v), r.CommuneForm
	}
	return r.Tree.VillageID(i), r.VillageForm
}

// ReportID is reporter i's report for period pi (0-based).
func (r Reports) ReportID(i, pi int) int64 { return int64(i*len(r.Periods) + pi + 1) }

// Draft reports whether report id is one of the drafts.
func Draft(id int64) bool { return id%20 == 0 }

// SubmittedLast counts the submitted commune reports of the last period.
func (r Reports) SubmittedLast() int {
	n := 0
	for i := r.Tree.VillageCount(); i < r.Reporters(); i++ {
		if !Draft(r.ReportID(i, len(r.Periods)-1)) {
			n++
		}
	}
	return n
}

// Data is the tree and its reports as rows for bulk.Load, dated now.
func (r Reports) Data(now time.Time) bulk.Data {
	return bulk.Data{Now: now, Units: r.Tree.Units(), Submissions: r.Submissions(), Values: r.ValueRows()}
}

// Submissions are the reports' rows, submitted before their period's
// deadline by up to three days.
func (r Reports) Submissions() iter.Seq[bulk.Submission] {
	return func(yield func(bulk.Submission) bool) {
		for i := range r.Reporters() {
			unit, form := r.Reporter(i)
			for pi, per := range r.Periods {
				id := r.ReportID(i, pi)
				row := bulk.Submission{ID: id, UnitID: unit, PeriodID: int64(per.ID),
					FormID: form, Status: storage.StatusSubmitted, Version: 1,
					Reference: fmt.Sprintf("R%d", id), CreatedBy: 1, SubmittedBy: 1,
					SubmittedAt: per.Deadline.Add(-time.Duration(id%72) * time.Hour)}
				if Draft(id) {
					row.Status, row.SubmittedBy, row.SubmittedAt = storage.StatusDraft, 0, time.Time{}
				}
				if !yield(row) {
					return
				}
			}
		}
	}
}

// ValueRows are the reports' figures: counts from 40 to 99, every other
// element a small numerator (0 to 8), yes/no ones 0 or 1.
func (r Reports) ValueRows() iter.Seq[bulk.Value] {
	return func(yield func(bulk.Value) bool) {
		vid := int64(0)
		for i := range r.Reporters() {
			for pi := range r.Periods {
				for ei, code := range r.Codes {
					vid++
					x := 40 + (i*7+pi*3+ei*11)%60
					if ei%2 == 1 {
						x %= 9
					}
					if r.YesNo[code] {
						x %= 2
					}
					if r.JumpEvery > 0 && i%r.JumpEvery == r.JumpEvery-1 && pi == len(r.Periods)-1 {
						x *= 5
					}
					if !yield(bulk.Value{ID: vid, SubmissionID: r.ReportID(i, pi), ElementCode: code,
						Value: fmt.Sprint(x), UpdatedBy: 1}) {
						return
					}
				}
			}
		}
	}
}

// Touch marks n reports of the last period changed in round (from 1), as
// reports coming in between two summaries do, so that a timing includes
// re-reading them; rounds are dated a second apart from now.
func (r Reports) Touch(ctx context.Context, conn *bulk.Conn, now time.Time, round, n int) error {
	reporters := r.Reporters()
	for i := range n {
		rep := ((round*n + i) * 7919) % reporters
		at := now.Add(time.Duration(round)*time.Second + time.Duration(i)*time.Millisecond)
		if err := conn.TouchSubmission(ctx, r.ReportID(rep, len(r.Periods)-1), at); err != nil {
			return fmt.Errorf("change report: %w", err)
		}
	}
	return nil
}

// Elements is where PickElements reads the seeded plan; *storage.Store
// implements it.
type Elements interface {
	DataElements(ctx context.Context) ([]storage.DataElement, error)
	IndicatorParts(ctx context.Context) ([]storage.IndicatorPart, error)
}

// PickElements picks up to n count and yes/no elements, those the
// indicator parts use first, as a real form holds them; yesno marks the
// yes/no ones.
func PickElements(ctx context.Context, src Elements, n int) (codes []string, yesno map[string]bool, err error) {
	elements, err := src.DataElements(ctx)
	if err != nil {
		return nil, nil, err
	}
	parts, err := src.IndicatorParts(ctx)
	if err != nil {
		return nil, nil, err
	}
	types := map[string]string{}
	for _, e := range elements {
		types[e.Code] = e.Type
	}
	yesno = map[string]bool{}
	pick := func(code string) {
		t := types[code]
		if len(codes) < n && (t == storage.ElementCount || t == storage.ElementYesNo) && !slices.Contains(codes, code) {
			codes = append(codes, code)
			yesno[code] = t == storage.ElementYesNo
		}
	}
	for _, p := range parts {
		pick(p.NumeratorCode)
		pick(p.DenominatorCode)
	}
	for _, e := range elements {
		pick(e.Code)
	}
	return codes, yesno, nil
}
