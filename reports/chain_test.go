package reports_test

import (
	"context"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"treembot/reports"
	"treembot/storage"
)

// fate is what happens to one report in the randomised chain.
type fate int

const (
	fateNone        fate = iota
	fateDraft            // typed, never sent
	fateSubmitted        // sent
	fateReturned         // sent, then returned by the commune or district
	fateCorrecting       // sent, a correction is being typed beside it
	fateCorrected        // sent, then a correction was sent
	fateResubmitted      // sent, returned, corrected and sent again
	fates
)

// counted is a report whose figures count: its unit and values.
type counted struct {
	unit   *storage.OrgUnit
	values map[string]string
}

// chainRun files random reports on every form of the chain and remembers
// which figures count.
type chainRun struct {
	f        *fixture
	rng      *rand.Rand
	codes    []string
	yesno    map[string]bool
	period   string
	at       time.Time
	counted  map[string][]counted // by form
	filed    map[string]int       // counted reports by form
	returned int
}

// values draws figures for some of the elements (each left out one time
// in five, so "who answered" differs from "who reported").
func (r *chainRun) values() map[string]string {
	out := map[string]string{}
	for _, c := range r.codes {
		switch {
		case r.rng.IntN(5) == 0:
		case r.yesno[c]:
			out[c] = strconv.Itoa(r.rng.IntN(2))
		default:
			out[c] = strconv.Itoa(r.rng.IntN(60))
		}
	}
	return out
}

// file plays one fate for a unit's report on form.
func (r *chainRun) file(form, unit string, what fate) {
	r.f.t.Helper()
	if what == fateNone {
		return
	}
	first, second := r.values(), r.values()
	for c := range second { // a correction changes some of the figures the first version holds
		if _, ok := first[c]; !ok {
			delete(second, c)
		}
	}
	corrected := maps.Clone(first)
	maps.Copy(corrected, second)
	sub := r.f.file(form, unit, r.period, r.at, what == fateDraft, first)
	final := first
	switch what {
	case fateDraft:
		return
	case fateReturned, fateResubmitted:
		r.f.returnReport(sub, r.at.Add(time.Hour))
		if what == fateReturned {
			r.returned++
			return
		}
		fallthrough
	case fateCorrecting, fateCorrected:
		r.f.file(form, unit, r.period, r.at.Add(2*time.Hour), what == fateCorrecting, second)
		if what != fateCorrecting {
			final = corrected
		}
	}
	r.counted[form] = append(r.counted[form], counted{r.f.unit(unit), final})
	r.filed[form]++
}

func (f *fixture) returnReport(sub *storage.Submission, at time.Time) {
	f.t.Helper()
	_, err := f.st.ReturnSubmission(context.Background(), storage.ReturnRequest{UnitID: sub.UnitID, PeriodID: sub.PeriodID,
		FormID: sub.FormID, UserID: 1, Channel: "test", Note: "xem lại", Now: at})
	if err != nil {
		f.t.Fatal(err)
	}
}

// expected recomputes a part the plain way: Σ numerator / Σ denominator
// over the counted reports of its source form, in its area.
func (r *chainRun) expected(p storage.IndicatorPart) reports.Value {
	var num, den float64
	answered := 0
	for _, c := range r.counted[p.SourceForm] {
		if p.Area != "" && c.unit.Area != p.Area {
			continue
		}
		if v, ok := c.values[p.NumeratorCode]; ok {
			n, _ := strconv.ParseFloat(v, 64)
			num += n
			answered++
		}
		d, _ := strconv.ParseFloat(c.values[p.DenominatorCode], 64)
		den += d
	}
	mult := p.Multiplier
	if mult == 0 {
		mult = 1
	}
	switch {
	case answered == 0:
		return reports.Value{}
	case p.DenominatorCode == "":
		return reports.Value{Numerator: num, Figure: num * mult, OK: true}
	case p.DenominatorCode == storage.DenominatorUnits:
		den = float64(answered)
	case den == 0:
		return reports.Value{Numerator: num}
	}
	v := reports.Value{Numerator: num, Denominator: den, Figure: num / den * mult, OK: true}
	if p.Annualise && r.period[len(r.period)-2:] == "H1" {
		v.Figure, v.Annualised = v.Figure*2, true
	}
	return v
}

// The district's summary equals a plain recomputation from the counted
// commune and office reports alone, whatever mix of village, commune and
// office reports, drafts, returns and corrections has arrived; the
// completeness counts the communes and the offices.
func TestSummaryIsTheCountedCommuneAndOfficeReportsOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	seed := time.Now().UnixNano()
	if s, err := strconv.ParseInt(os.Getenv("CHAIN_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("seed %d (CHAIN_SEED=%d reruns it)", seed, seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	parts, err := chainSource{f.st}.IndicatorParts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	elements, err := f.st.DataElements(ctx)
	if err != nil {
		t.Fatal(err)
	}
	yesno := map[string]bool{}
	for _, e := range elements {
		yesno[e.Code] = e.Type == storage.ElementYesNo
	}
	var codes []string
	for _, p := range parts {
		for _, c := range []string{p.NumeratorCode, p.DenominatorCode} {
			if c != "" && c != storage.DenominatorUnits && !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
	}
	villages := []string{"VQ-TT-01", "VQ-TT-02", "VQ-TT-03", "VQ-XL-01", "VQ-XL-02", "VQ-XL-03", "VQ-TD-01", "VQ-TD-02"}
	communes := []string{"VQ-TT", "VQ-XL", "VQ-TD"}
	periods := map[string]time.Time{"2025-H1": onTime, "2025-Y": yearOnTime, "2026-H1": onTime.AddDate(1, 0, 0),
		"2026-Y": yearOnTime.AddDate(1, 0, 0)}
	for period, at := range periods {
		r := &chainRun{f: f, rng: rng, codes: codes, yesno: yesno, period: period, at: at,
			counted: map[string][]counted{}, filed: map[string]int{}}
		yearly := period[len(period)-1] == 'Y'
		for i, c := range communes {
			r.file(reports.DefaultFormID, c, fate(rng.IntN(int(fates))))
			if i == 1 { // a summary half way, so the cache must follow what comes after
				f.summary("VQ", period)
			}
		}
		for _, v := range villages {
			r.file(reports.DefaultVillage, v, fate(rng.IntN(int(fates))))
		}
		if yearly {
			for _, office := range []string{"YTE", "GDDT", "TUPHAP", "VHTT", "LDTBXH"} {
				r.file(officeForm(office), "VQ", fate(rng.IntN(int(fates))))
			}
		}
		s := f.summary("VQ", period)
		for _, p := range s.Parts {
			want := r.expected(p.Part)
			got := p.Value
			if got.OK != want.OK || got.Annualised != want.Annualised || !near(got.Numerator, want.Numerator) ||
				got.OK && (!near(got.Denominator, want.Denominator) || !near(got.Figure, want.Figure)) {
				t.Errorf("%s part %s (from %s) = %+v, want %+v", period, p.Part.Code, p.Part.SourceForm, got, want)
			}
		}
		if s.Completeness.Expected != 3 || s.Completeness.Submitted() != r.filed[reports.DefaultFormID] {
			t.Errorf("%s communes = %+v, want %d of 3 counted", period, s.Completeness, r.filed[reports.DefaultFormID])
		}
		offices := 0
		for _, office := range []string{"YTE", "GDDT", "TUPHAP", "VHTT", "LDTBXH"} {
			offices += r.filed[officeForm(office)]
		}
		if want := map[bool]int{true: 5}[yearly]; s.OfficeCompleteness.Expected != want || s.OfficeCompleteness.Submitted() != offices {
			t.Errorf("%s offices = %+v, want %d of %d counted", period, s.OfficeCompleteness, offices, want)
		}
	}
}
