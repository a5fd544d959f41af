package locales

import (
	"errors"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	cases := []struct {
		in      string
		integer bool
		want    float64
		err     error
	}{
		{"12", true, 12, nil},
		{"  12  ", true, 12, nil},
		{"12 trẻ", true, 12, nil},
		{"12 em", true, 12, nil},
		{"1.234", true, 1234, nil},
		{"1,234", true, 1234, nil},
		{"1 234", true, 1234, nil},
		{"1\u00a0234", true, 1234, nil},
		{"1.234.567", true, 1234567, nil},
		{"0", true, 0, nil},
		{"-0", true, 0, nil},
		{"9,5", false, 9.5, nil},
		{"9.5", false, 9.5, nil},
		{"1.234,5", false, 1234.5, nil},
		{"1,000,000.5", false, 1000000.5, nil},
		{"12,5 %", false, 12.5, nil},
		{"1.5", true, 0, ErrAmbiguous},
		{"1.234", false, 0, ErrAmbiguous},
		{"9,5", true, 0, ErrNotInteger},
		{"1.234,5", true, 0, ErrNotInteger},
		{"", true, 0, ErrEmpty},
		{"   ", true, 0, ErrEmpty},
		{"-5", true, 0, ErrNegative},
		{"abc", true, 0, ErrNotNumber},
		{"😀", true, 0, ErrNotNumber},
		{"1e9", true, 0, ErrNotNumber},
		{"٣", true, 0, ErrNotNumber},
		{"1 2", true, 0, ErrNotNumber},
		{"1.23.4", true, 0, ErrNotNumber},
		{"12abc3", true, 0, ErrNotNumber},
		{"12; DROP TABLE", true, 0, ErrNotNumber},
		{"1\u200b2", true, 12, nil},
		{strings.Repeat("9", 40), true, 0, ErrTooLong},
		{strings.Repeat("x", 4000), true, 0, ErrNotNumber},
	}
	for _, c := range cases {
		got, err := ParseNumber(c.in, c.integer)
		if !errors.Is(err, c.err) {
			t.Errorf("ParseNumber(%q, %v) error = %v, want %v", c.in, c.integer, err, c.err)
			continue
		}
		if err == nil && got != c.want {
			t.Errorf("ParseNumber(%q, %v) = %v, want %v", c.in, c.integer, got, c.want)
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

// A formatted number reads back as itself in Vietnamese.
func TestFormatThenParseRoundTrip(t *testing.T) {
	for _, v := range []float64{0, 7, 999, 1000, 12345, 9876543} {
		got, err := ParseNumber(FormatNumber(VI, v, 0), true)
		if err != nil || got != v {
			t.Errorf("round trip %v: got %v, %v", v, got, err)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"12", "1.234", "9,5", "-1", "1e9", "٣", "12 trẻ", "1,000,000.5"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, integer bool) {
		v, err := ParseNumber(s, integer)
		if err == nil && (v < 0 || (integer && v != float64(int64(v)))) {
			t.Fatalf("ParseNumber(%q, %v) = %v accepted an invalid value", s, integer, v)
		}
	})
}

func BenchmarkParseNumber(b *testing.B) {
	for b.Loop() {
		_, _ = ParseNumber("1.234 trẻ", true)
	}
}
