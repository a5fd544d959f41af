package flows

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Each testdata/broken/<case>.yaml must fail to load with exactly the error
// in <case>.err: the message an author reads at start-up. -update rewrites
// the .err files.
func TestBrokenFormsFailWithExactErrors(t *testing.T) {
	files, err := filepath.Glob("testdata/broken/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no broken forms found: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := ParseForm(raw)
			if err == nil {
				t.Fatalf("ParseForm accepted a broken form: %+v", f)
			}
			errPath := strings.TrimSuffix(path, ".yaml") + ".err"
			if *update {
				if err := os.WriteFile(errPath, []byte(err.Error()+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, rerr := os.ReadFile(errPath)
			if rerr != nil {
				t.Fatalf("%v (go test ./flows -update writes it)", rerr)
			}
			if got := err.Error() + "\n"; got != string(want) {
				t.Errorf("error =\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// The broken cases that concern one field report a FormError naming it.
func TestFormErrorNamesFormAndField(t *testing.T) {
	raw, err := os.ReadFile("testdata/broken/relevance_later.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ParseForm(raw)
	var fe *FormError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v is not a *FormError", err)
	}
	if fe.Form != "broken" || fe.Field != `question "kids_school": relevant_if` {
		t.Errorf("FormError = %+v, want form broken, field relevant_if of kids_school", fe)
	}
}

// villageCounts are what a village counts and the commune sums.
var villageCounts = []string{
	"children_u1", "children_u5", "children_u8", "children_u16", "u8_ecd_access",
	"special_circumstances", "special_assisted", "abuse_cases", "child_labour",
	"accident_injuries", "accident_deaths", "disaster_affected", "disaster_helped",
	"child_marriages", "marriages", "u5_birth_unregistered",
}

// embeddedForms is the reporting chain: who fills each form in, for which
// periods, and what it asks (question ids are storage's element codes).
var embeddedForms = map[string]struct {
	reporter, office string
	periods          []string
	ids              []string
}{
	"village_report": {ReporterVillage, "", nil, slices.Concat(villageCounts,
		[]string{"data_source", "difficulties", "proposals"})},
	"commune_report": {ReporterCommune, "", nil, slices.Concat(villageCounts, []string{
		"live_births", "deaths_u28d", "deaths_u1", "deaths_u5", "u5_birth_registered",
		"child_friendly", "child_friendly_year", "play_space", "data_source", "difficulties", "proposals"})},
	"office_yte": {ReporterOffice, "YTE", []string{PeriodYearly}, []string{
		"live_births", "deaths_u28d", "deaths_u1", "deaths_u5",
		"children_u5", "u5_measured", "u5_underweight", "u5_stunted", "u5_obese",
		"u1_cohort", "u1_fully_immunised", "u5_fully_immunised",
		"hiv_exposed_births", "hiv_infected_infants", "difficulties", "proposals"}},
	"office_gddt": {ReporterOffice, "GDDT", []string{PeriodYearly}, []string{
		"schools_total", "schools_sanitation", "schools", "schools_psych_support", "schools_disability_access",
		"u5_assessed", "u5_developing", "age5_children", "age5_enrolled",
		"primary_enrolled", "primary_dropouts", "primary_final_grade", "primary_completed",
		"lower_secondary_enrolled", "lower_secondary_dropouts", "lower_secondary_final_grade", "lower_secondary_completed",
		"disabled_need_school", "disabled_included",
		"pupils_total", "pupils_participation_aware", "pupils_7plus", "pupils_7plus_consulted",
		"pupils_11plus", "pupils_11plus_participating", "difficulties", "proposals"}},
	"office_tuphap": {ReporterOffice, "TUPHAP", []string{PeriodYearly}, []string{
		"children_u5", "u5_birth_registered", "difficulties", "proposals"}},
	"office_vhtt": {ReporterOffice, "VHTT", []string{PeriodYearly}, []string{
		"play_spaces", "play_space_communes", "play_space_activities", "difficulties", "proposals"}},
	"office_ldtbxh": {ReporterOffice, "LDTBXH", []string{PeriodYearly}, []string{"difficulties", "proposals"}},
}

func TestEmbeddedFormsAreTheReportingChain(t *testing.T) {
	forms, err := LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	if len(forms) != len(embeddedForms) {
		t.Errorf("loaded %d forms, want %d", len(forms), len(embeddedForms))
	}
	for id, want := range embeddedForms {
		f := forms[id]
		if f == nil {
			t.Errorf("form %s missing", id)
			continue
		}
		if f.Reporter != want.reporter || f.Office != want.office || !slices.Equal(f.Periods, want.periods) {
			t.Errorf("%s: reporter %q office %q periods %v, want %q %q %v", id, f.Reporter, f.Office, f.Periods,
				want.reporter, want.office, want.periods)
		}
		var got []string
		for _, q := range f.compiled.order {
			got = append(got, q.ID)
			checkPhoneFriendly(t, id, q)
		}
		if !slices.Equal(got, want.ids) {
			t.Errorf("%s question ids =\n%v\nwant\n%v", id, got, want.ids)
		}
	}
}

// checkPhoneFriendly: a count is required (0 is an answer) with bounds,
// and a label fits a phone's line.
func checkPhoneFriendly(t *testing.T, form string, q *Question) {
	t.Helper()
	if q.Type == TypeCount && (!q.Required || q.Min == nil || *q.Min != 0 || q.Max == nil) {
		t.Errorf("%s: count %s should be required with min 0 and a max", form, q.ID)
	}
	for _, lang := range languages {
		if n := len([]rune(q.Label[lang])); n > 60 {
			t.Errorf("%s: %s label in %s is %d characters: too long for a phone", form, q.ID, lang, n)
		}
	}
}

func TestParseExpr(t *testing.T) {
	answers := map[string]float64{"a": 3, "b": 4, "yes": 1}
	value := func(id string) (float64, bool) { v, ok := answers[id]; return v, ok }
	cases := []struct {
		src          string
		result, know bool
		err          string
	}{
		{src: "a <= b", result: true, know: true},
		{src: "a + b = 7", result: true, know: true},
		{src: "a+b+1>=8", result: true, know: true},
		{src: "a != 3", result: false, know: true},
		{src: "b > a + 0.5", result: true, know: true},
		{src: "yes = 1", result: true, know: true},
		{src: "a < missing", result: false, know: false},
		{src: "a == b", err: `unexpected "=" at position 4`},
		{src: "a", err: "missing comparison"},
		{src: "a < ", err: "found the end"},
		{src: "a < b c", err: `unexpected "c" at position 7 after the comparison`},
		{src: "A < b", err: `unexpected "A" at position 1`},
		{src: "a < 1.", err: "no digits after the point"},
		{src: "a ≤ b", err: `unexpected "≤"`},
		{src: "a < b; drop", err: "after the comparison"},
	}
	for _, c := range cases {
		x, err := parseExpr(c.src)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("parseExpr(%q) error = %v, want %q", c.src, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseExpr(%q): %v", c.src, err)
			continue
		}
		if r, k := x.eval(value); r != c.result || k != c.know {
			t.Errorf("%q = %v (known %v), want %v (known %v)", c.src, r, k, c.result, c.know)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Không":               "khong",
		"KHÔNG":               "khong",
		"Ước tính":            "uoc tinh",
		"Đồng ý":              "dong y",
		"  quay   lại ":       "quay lai",
		"khoa\u0302ng":        "khoang", // decomposed circumflex
		"Sổ sách, hồ sơ":      "so sach, ho so",
		"Xác nhận gửi":        "xac nhan gui",
		"Tảo hôn ỹ ỵ ẵ ẫ ợ ự": "tao hon y y a a o u",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}
