package bench

import (
	"context"
	"fmt"
	"iter"
	"time"

	"treembot/reports"
	"treembot/storage"
	"treembot/storage/bulk"
)

// province is the summary bench's generated data: every village of tree
// sends its village report and every commune its commune report, each
// element for each period; one report in twenty is still a draft. Report
// ids follow from reporter and period, so nothing is kept in memory.
type province struct {
	tree    benchTree
	periods []storage.Period // the first summaryPeriods by deadline
	codes   []string
	yesno   map[string]bool
}

func newProvince(ctx context.Context, st *storage.Store, tree benchTree) (*province, error) {
	periods, err := st.Periods(ctx)
	if err != nil {
		return nil, err
	}
	if len(periods) < summaryPeriods {
		return nil, fmt.Errorf("bench summary: %d periods seeded, need %d", len(periods), summaryPeriods)
	}
	codes, yesno, err := benchElements(ctx, st, summaryElements)
	if err != nil {
		return nil, err
	}
	return &province{tree: tree, periods: periods[:summaryPeriods], codes: codes, yesno: yesno}, nil
}

func (p *province) reports() int { return p.reporters() * len(p.periods) }

// reporters are the villages, then the communes.
func (p *province) reporters() int { return p.tree.VillageCount() + p.tree.CommuneCount() }

// reporter is reporter r's unit and form.
func (p *province) reporter(r int) (int64, string) {
	if v := p.tree.VillageCount(); r >= v {
		return p.tree.CommuneID(r - v), reports.DefaultFormID
	}
	return p.tree.VillageID(r), reports.DefaultVillage
}
func (p *province) values() int { return p.reports() * len(p.codes) }

// reportID is reporter v's report for period pi.
func (p *province) reportID(v, pi int) int64 { return int64(v*len(p.periods) + pi + 1) }

func draft(id int64) bool { return id%20 == 0 }

// submittedLast counts the submitted commune reports of the last period.
func (p *province) submittedLast() int {
	n := 0
	for v := p.tree.VillageCount(); v < p.reporters(); v++ {
		if !draft(p.reportID(v, len(p.periods)-1)) {
			n++
		}
	}
	return n
}

// data is the province's rows for bulk.Load.
func (p *province) data() bulk.Data {
	return bulk.Data{Now: p.tree.now, Units: p.tree.Units(), Submissions: p.submissions(), Values: p.valueRows()}
}

func (p *province) submissions() iter.Seq[bulk.Submission] {
	return func(yield func(bulk.Submission) bool) {
		for v := range p.reporters() {
			unit, form := p.reporter(v)
			for pi, per := range p.periods {
				id := p.reportID(v, pi)
				row := bulk.Submission{ID: id, UnitID: unit, PeriodID: int64(per.ID),
					FormID: form, Status: storage.StatusSubmitted, Version: 1,
					Reference: fmt.Sprintf("R%d", id), CreatedBy: 1, SubmittedBy: 1,
					SubmittedAt: per.Deadline.Add(-time.Duration(id%72) * time.Hour)}
				if draft(id) {
					row.Status, row.SubmittedBy, row.SubmittedAt = storage.StatusDraft, 0, time.Time{}
				}
				if !yield(row) {
					return
				}
			}
		}
	}
}

func (p *province) valueRows() iter.Seq[bulk.Value] {
	return func(yield func(bulk.Value) bool) {
		vid := int64(0)
		for v := range p.reporters() {
			for pi := range p.periods {
				for ei, code := range p.codes {
					vid++
					x := 40 + (v*7+pi*3+ei*11)%60
					if ei%2 == 1 { // odd elements are small numerators
						x %= 9
					}
					if p.yesno[code] {
						x %= 2
					}
					if !yield(bulk.Value{ID: vid, SubmissionID: p.reportID(v, pi), ElementCode: code,
						Value: fmt.Sprint(x), UpdatedBy: 1}) {
						return
					}
				}
			}
		}
	}
}

// touch marks n reports of the last period changed, as reports coming in
// between two summaries do, so that the timing includes re-reading them.
func (p *province) touch(ctx context.Context, conn *bulk.Conn, round, n int) error {
	reporters := p.reporters()
	for i := range n {
		v := ((round*n + i) * 7919) % reporters
		at := p.tree.now.Add(time.Duration(round)*time.Second + time.Duration(i)*time.Millisecond)
		err := conn.TouchSubmission(ctx, p.reportID(v, len(p.periods)-1), at)
		if err != nil {
			return fmt.Errorf("change report: %w", err)
		}
	}
	return nil
}
