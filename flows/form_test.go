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

func TestEmbeddedCommuneReportHasEveryDataElement(t *testing.T) {
	forms, err := LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	f := forms["commune_report"]
	if f == nil {
		t.Fatalf("commune_report missing; loaded %d forms", len(forms))
	}
	want := []string{
		"children_u1", "children_u5", "children_u8", "children_u16",
		"live_births", "deaths_u28d", "deaths_u1", "deaths_u5",
		"u5_measured", "u5_underweight", "u5_stunted", "u5_obese",
		"u1_fully_immunised", "u5_fully_immunised", "u8_ecd_access",
		"special_circumstances", "special_assisted", "abuse_cases", "child_labour",
		"accident_injuries", "accident_deaths", "disaster_affected", "disaster_helped",
		"marriages", "child_marriages", "u5_birth_registered", "age5_children", "age5_enrolled",
		"child_friendly", "play_space", "data_source", "difficulties", "proposals",
	}
	var got []string
	for _, s := range f.Sections {
		for _, q := range s.Questions {
			got = append(got, q.ID)
			if q.Type == TypeCount && (!q.Required || q.Min == nil || *q.Min != 0 || q.Max == nil) {
				t.Errorf("count %s should be required with min 0 and a max", q.ID)
			}
			for _, lang := range languages {
				if n := len([]rune(q.Label[lang])); n > 60 {
					t.Errorf("%s label in %s is %d characters: too long for a phone", q.ID, lang, n)
				}
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("question ids =\n%v\nwant\n%v", got, want)
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
