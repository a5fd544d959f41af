package flows

import (
	"fmt"
	"regexp"
	"slices"
)

var (
	reporters   = []string{ReporterVillage, ReporterCommune, ReporterOffice}
	periodKinds = []string{PeriodSixMonthly, PeriodYearly}
	// officePattern fits storage's office codes (at most 32 characters).
	officePattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,31}$`)
)

// checkChain validates where the form sits in the reporting chain: who
// fills it in, which office owns it, and which periods it is filled for.
func (c *checker) checkChain(f *Form) {
	switch {
	case f.Reporter == "":
		c.add("reporter", "missing (want village, commune or office)")
	case !slices.Contains(reporters, f.Reporter):
		c.add("reporter", "unknown reporter %q (want village, commune or office)", f.Reporter)
	}
	switch {
	case f.Reporter == ReporterOffice && f.Office == "":
		c.add("office", "an office form needs the owning office's code, e.g. GDDT")
	case f.Reporter != ReporterOffice && f.Office != "":
		c.add("office", "only an office form (reporter: office) names an office")
	case f.Office != "" && !officePattern.MatchString(f.Office):
		c.add("office", "%q must be upper-case letters, digits and _ (at most 32), like GDDT", f.Office)
	}
	for i, kind := range f.Periods {
		field := fmt.Sprintf("periods[%d]", i)
		switch {
		case !slices.Contains(periodKinds, kind):
			c.add(field, "unknown period kind %q (want six_monthly or yearly)", kind)
		case slices.Index(f.Periods, kind) < i:
			c.add(field, "%q repeats", kind)
		}
	}
}
