package bench

import (
	"context"
	"fmt"

	"treembot/reports"
	"treembot/storage"
	"treembot/storage/synth"
)

// newProvince is the summary bench's generated data, synth.Reports over
// the bench's tree: every village sends its village report and every
// commune its commune report, each element for each of the first
// summaryPeriods periods by deadline; one report in twenty is a draft.
func newProvince(ctx context.Context, st *storage.Store, tree benchTree) (synth.Reports, error) {
	periods, err := st.Periods(ctx)
	if err != nil {
		return synth.Reports{}, err
	}
	if len(periods) < summaryPeriods {
		return synth.Reports{}, fmt.Errorf("bench summary: %d periods seeded, need %d", len(periods), summaryPeriods)
	}
	codes, yesno, err := synth.PickElements(ctx, st, summaryElements)
	if err != nil {
		return synth.Reports{}, err
	}
	return synth.Reports{Tree: tree.Tree, Periods: periods[:summaryPeriods], Codes: codes, YesNo: yesno,
		VillageForm: reports.DefaultVillage, CommuneForm: reports.DefaultFormID}, nil
}
