package locales

import (
	"errors"
	"strings"
	"testing"
)

// readCase is one input and what ReadNumber must make of it: a value to
// store (confirm nil, err nil), a value to ask about (confirm set), or a
// refusal (err set).
type readCase struct {
	in      string
	integer bool
	want    float64
	confirm error
	err     error
}

var readCases = []readCase{
	{"12", true, 12, nil, nil},
	{"  12  ", true, 12, nil, nil},
	{"1.234", true, 1234, nil, nil},
	{"1 234", true, 1234, nil, nil},
	{"1\u00a0234", true, 1234, nil, nil},
	{"1.234.567", true, 1234567, nil, nil},
	{"1,234,567", true, 1234567, nil, nil},
	{"-0", true, 0, nil, nil},
	{"12,0", true, 12, nil, nil},
	{"9,5", false, 9.5, nil, nil},
	{"9.5", false, 9.5, nil, nil},
	{"1.234,5", false, 1234.5, nil, nil},
	{"1,000,000.5", false, 1000000.5, nil, nil},
	{"1\u200b2", true, 12, nil, nil},
	{"１２", true, 12, nil, nil},
	{"１．２３４", true, 1234, nil, nil},
	{"12.", true, 12, nil, nil},
	{"12!", true, 12, nil, nil},
	{"12 trẻ", true, 12, nil, nil},
	{"2 nghìn", true, 2000, nil, nil},
	{"2 ngàn", true, 2000, nil, nil},
	{"2k", true, 2000, nil, nil},
	{"5 trăm", true, 500, nil, nil},
	{"3 chục", true, 30, nil, nil},
	{"12 triệu", true, 12e6, nil, nil},
	{"2,5 nghìn", true, 2500, nil, nil},
	{"2 nghìn 500", true, 2500, nil, nil},
	{"không", true, 0, nil, nil},
	{"Không ạ", true, 0, nil, nil},
	{"ko", true, 0, nil, nil},
	{"k", true, 0, nil, nil},
	{"không có", true, 0, nil, nil},
	{"chưa có", true, 0, nil, nil},
	{"khong co truong hop nao", true, 0, nil, nil},
	{"mười", true, 10, nil, nil},
	{"mười một", true, 11, nil, nil},
	{"mười lăm", true, 15, nil, nil},
	{"mười tư", true, 14, nil, nil},
	{"hai mươi", true, 20, nil, nil},
	{"hai chục", true, 20, nil, nil},
	{"hai mươi mốt", true, 21, nil, nil},
	{"hai mươi tư", true, 24, nil, nil},
	{"hai mươi lăm", true, 25, nil, nil},
	{"hai mươi nhăm", true, 25, nil, nil},
	{"hai lăm", true, 25, nil, nil},
	{"ba mốt", true, 31, nil, nil},
	{"hăm mốt", true, 21, nil, nil},
	{"một trăm", true, 100, nil, nil},
	{"một trăm linh năm", true, 105, nil, nil},
	{"một trăm lẻ năm", true, 105, nil, nil},
	{"một trăm mười lăm", true, 115, nil, nil},
	{"một trăm rưỡi", true, 150, nil, nil},
	{"hai nghìn không trăm mười lăm", true, 2015, nil, nil},
	{"hai nghìn linh năm", true, 2005, nil, nil},
	{"một triệu hai trăm nghìn", true, 1.2e6, nil, nil},
	{"hai nghìn rưỡi", true, 2500, nil, nil},
	{"muoi hai", true, 12, nil, nil},
	{"hai muoi mot", true, 21, nil, nil},
	{"mot tram linh nam", true, 105, nil, nil},
	{"hai mot", true, 21, nil, nil},
	{"twelve", true, 12, nil, nil},
	{"twenty-one", true, 21, nil, nil},
	{"one hundred and five", true, 105, nil, nil},
	{"a thousand", true, 1000, nil, nil},
	{"two thousand and five", true, 2005, nil, nil},
	{"zero", true, 0, nil, nil},
	{"none", true, 0, nil, nil},
	{"no", true, 0, nil, nil},
	{"12 children", true, 12, nil, nil},
	{"dạ 12 em ạ", true, 12, nil, nil},

	{"1,234", true, 1234, ErrAmbiguous, nil},
	{"1,000", true, 1000, ErrAmbiguous, nil},
	{"1,234 trẻ", true, 1234, ErrAmbiguous, nil},
	{"12.5", true, 125, ErrAmbiguous, nil},
	{"1.5", true, 15, ErrAmbiguous, nil},
	{"khoảng 20", true, 20, ErrApprox, nil},
	{"tầm 20", true, 20, ErrApprox, nil},
	{"12 không biết", true, 12, ErrApprox, nil},
	{"12 trẻ chưa rõ", true, 12, ErrApprox, nil},
	{"12?", true, 12, ErrApprox, nil},
	{"about 20", true, 20, ErrApprox, nil},
	{"hai nghìn năm", true, 2500, ErrColloquial, nil},
	{"một triệu hai", true, 1.2e6, ErrColloquial, nil},
	{"1 triệu 2", true, 1.2e6, ErrColloquial, nil},
	{"ba trăm hai", true, 320, ErrColloquial, nil},
	{"mười năm", true, 15, ErrColloquial, nil},

	{"", true, 0, nil, ErrEmpty},
	{"   ", true, 0, nil, ErrEmpty},
	{"-5", true, 0, nil, ErrNegative},
	{"âm năm", true, 0, nil, ErrNotNumber},
	{"9,5", true, 0, nil, ErrNotInteger},
	{"1.234,5", true, 0, nil, ErrNotInteger},
	{"2,5", true, 0, nil, ErrNotInteger},
	{"0.5", true, 0, nil, ErrNotInteger},
	{"1.234", false, 0, nil, ErrAmbiguous},
	{"1,234", false, 0, nil, ErrAmbiguous},
	{"12%", true, 0, nil, ErrPercent},
	{"12,5 %", false, 0, nil, ErrPercent},
	{"12 phần trăm", true, 0, nil, ErrPercent},
	{"1/2", true, 0, nil, ErrFraction},
	{"½", false, 0, nil, ErrFraction},
	{"10-12", true, 0, nil, ErrRange},
	{"10 - 12", true, 0, nil, ErrRange},
	{"10–12", true, 0, nil, ErrRange},
	{"từ 10 đến 12", true, 0, nil, ErrRange},
	{"ten to twelve", true, 0, nil, ErrRange},
	{"10 hoặc 12", true, 0, nil, ErrTwoNumbers},
	{"12 15", true, 0, nil, ErrTwoNumbers},
	{"12, 15", true, 0, nil, ErrTwoNumbers},
	{"1 2", true, 0, nil, ErrTwoNumbers},
	{"hai ba", true, 0, nil, ErrTwoNumbers},
	{"12 trẻ 15 người", true, 0, nil, ErrTwoNumbers},
	{"hơn 20", true, 0, nil, ErrBound},
	{"gần 20", true, 0, nil, ErrBound},
	{"vài chục", true, 0, nil, ErrBound},
	{"more than 20", true, 0, nil, ErrBound},
	{"12+", true, 0, nil, ErrBound},
	{"không biết", true, 0, nil, ErrNoFigure},
	{"chưa rõ", true, 0, nil, ErrNoFigure},
	{"không", false, 0, nil, ErrNotNumber},
	{"abc", true, 0, nil, ErrNotNumber},
	{"😀", true, 0, nil, ErrNotNumber},
	{"1e9", true, 0, nil, ErrNotNumber},
	{"٣", true, 0, nil, ErrNotNumber},
	{"1.23.4", true, 0, nil, ErrNotNumber},
	{"12abc3", true, 0, nil, ErrNotNumber},
	{"12 làm", true, 0, nil, ErrNotNumber},
	{"12; DROP TABLE", true, 0, nil, ErrNotNumber},
	{"mười mốt", true, 0, nil, ErrNotNumber},
	{"nghìn", true, 0, nil, ErrNotNumber},
	{strings.Repeat("9", 40), true, 0, nil, ErrTooLong},
	{strings.Repeat("x", 4000), true, 0, nil, ErrNotNumber},
}

func TestReadNumber(t *testing.T) {
	for _, c := range readCases {
		r, err := ReadNumber(c.in, c.integer)
		switch {
		case !errors.Is(err, c.err) || (c.err == nil && err != nil):
			t.Errorf("ReadNumber(%q, %v) error = %v, want %v", c.in, c.integer, err, c.err)
		case err != nil:
		case r.Value != c.want || !errors.Is(r.Confirm, c.confirm) || (c.confirm == nil) != (r.Confirm == nil):
			t.Errorf("ReadNumber(%q, %v) = %v (confirm %v), want %v (confirm %v)", c.in, c.integer, r.Value, r.Confirm, c.want, c.confirm)
		}
	}
}

// Plain is set only for ASCII digits alone.
func TestReadNumberPlain(t *testing.T) {
	for in, want := range map[string]bool{"12": true, " 1234 ": true, "1.234": false, "9,5": false,
		"12 trẻ": false, "12.": false, "１２": false, "mười hai": false, "không": false} {
		if r, err := ReadNumber(in, false); err == nil && r.Plain != want {
			t.Errorf("ReadNumber(%q).Plain = %v, want %v", in, r.Plain, want)
		}
	}
}

// The word a refusal could not read is named, for the message.
func TestReadNumberNamesTheUnknownWord(t *testing.T) {
	_, err := ReadNumber("12 xyz", true)
	var ne *NumberError
	if !errors.As(err, &ne) || ne.Word != "xyz" || !errors.Is(err, ErrNotNumber) {
		t.Fatalf("ReadNumber(12 xyz) = %v, want a NumberError naming xyz", err)
	}
}

func TestSpellNumber(t *testing.T) {
	cases := []struct {
		lang string
		v    float64
		want string
	}{
		{VI, 0, "không"}, {VI, 15, "mười lăm"}, {VI, 21, "hai mươi mốt"}, {VI, 24, "hai mươi tư"},
		{VI, 105, "một trăm linh năm"}, {VI, 2000, "hai nghìn"}, {VI, 2015, "hai nghìn không trăm mười lăm"},
		{VI, 1234, "một nghìn hai trăm ba mươi tư"}, {VI, 1200000, "một triệu hai trăm nghìn"},
		{EN, 0, "zero"}, {EN, 21, "twenty-one"}, {EN, 105, "one hundred and five"},
		{EN, 2005, "two thousand and five"}, {EN, 1234, "one thousand two hundred and thirty-four"},
	}
	for _, c := range cases {
		if got, ok := SpellNumber(c.lang, c.v); !ok || got != c.want {
			t.Errorf("SpellNumber(%s, %v) = %q, want %q", c.lang, c.v, got, c.want)
		}
	}
	for _, v := range []float64{-1, 1.5, 1e13} {
		if _, ok := SpellNumber(VI, v); ok {
			t.Errorf("SpellNumber(%v) spelled a number it cannot", v)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	cases := []struct {
		lang     string
		v        float64
		decimals int
		want     string
	}{
		{VI, 1234.5, 1, "1.234,5"},
		{EN, 1234.5, 1, "1,234.5"},
		{VI, 1234567, 0, "1.234.567"},
		{VI, 9.5, 2, "9,5"},
		{VI, 12, 2, "12"},
		{VI, -3.25, 2, "-3,25"},
		{EN, 0, 1, "0"},
	}
	for _, c := range cases {
		if got := FormatNumber(c.lang, c.v, c.decimals); got != c.want {
			t.Errorf("FormatNumber(%s, %v) = %q, want %q", c.lang, c.v, got, c.want)
		}
	}
}

// A formatted or spelled number reads back as itself.
func TestFormatThenParseRoundTrip(t *testing.T) {
	for _, v := range []float64{0, 7, 15, 21, 105, 999, 1000, 2015, 12345, 9876543} {
		for _, lang := range []string{VI, EN} {
			words, _ := SpellNumber(lang, v)
			for _, s := range []string{FormatNumber(VI, v, 0), words} {
				if r, err := ReadNumber(s, true); err != nil || r.Confirm != nil || r.Value != v {
					t.Errorf("round trip %v via %q: got %+v, %v", v, s, r, err)
				}
			}
		}
	}
}

// Whatever is stored re-renders to the same number: written the way the
// bot writes it (Vietnamese or English) and spelled out, it reads back as
// the value stored, and never as another.
func FuzzReadNumber(f *testing.F) {
	for _, s := range []string{"12", "1.234", "9,5", "-1", "1e9", "٣", "12 trẻ", "1,000,000.5", "hai nghìn",
		"mười lăm", "một trăm linh năm", "2k", "12%", "10-12", "khoảng 20", "twenty-one", "không có", "１２"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, integer bool) {
		r, err := ReadNumber(s, integer)
		if err != nil {
			return
		}
		v := r.Value
		if v < 0 || (integer && v != float64(int64(v))) {
			t.Fatalf("ReadNumber(%q, %v) = %v: an impossible value", s, integer, v)
		}
		if r.Confirm != nil {
			return
		}
		reread := func(text string, mustStore bool) {
			back, err := ReadNumber(text, integer)
			switch {
			case err == nil && back.Value != v:
				t.Fatalf("%q stored %v, but its rendering %q reads as %v", s, v, text, back.Value)
			case mustStore && (err != nil || back.Confirm != nil):
				t.Fatalf("%q stored %v, but its rendering %q is not stored: %+v, %v", s, v, text, back, err)
			}
		}
		// A decimal with three places ("1,234") is ambiguous however written.
		reread(FormatNumber(VI, v, maxNumberDigits), integer)
		reread(FormatNumber(EN, v, maxNumberDigits), false)
		if integer {
			for _, lang := range []string{VI, EN} {
				if words, ok := SpellNumber(lang, v); ok {
					reread(words, true)
				}
			}
		}
	})
}

// The common answer, plain digits, stays cheap: see BENCHMARKS.md.
func BenchmarkReadNumberPlainDigits(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadNumber("1234", true); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadNumberGrouped(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadNumber("1.234", true); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadNumberWords(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadNumber("một trăm linh năm trẻ", true); err != nil {
			b.Fatal(err)
		}
	}
}
