package locales

import (
	"testing"
	"time"
)

// Periods read by their name in both languages, never their code; the
// name fits inside a sentence and can start one.
func TestPeriodNamesAndAddresses(t *testing.T) {
	cat := MustLoad()
	zone := time.FixedZone("ICT", 7*3600)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, zone) }
	cases := []struct{ lang, kind, want string }{
		{VI, "six_monthly", "báo cáo 6 tháng (01/11/2024–30/04/2025)"},
		{EN, "six_monthly", "6-month report (01/11/2024–30/04/2025)"},
		{VI, "yearly", "báo cáo năm 2025"},
		{EN, "yearly", "2025 annual report"},
	}
	for _, c := range cases {
		start := day(2024, time.November, 1)
		end := day(2025, time.April, 30)
		if c.kind == "yearly" {
			end = day(2025, time.October, 31)
		}
		if got := cat.PeriodName(c.lang, c.kind, start, end, zone); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.lang, c.kind, got, c.want)
		}
	}
	if got := Capitalise("báo cáo năm 2025"); got != "Báo cáo năm 2025" {
		t.Errorf("Capitalise = %q", got)
	}
	addresses := []struct{ lang, title, name, want string }{
		{VI, "anh", "Triệu Văn Hải", "anh Hải"},
		{VI, "chi", " Lăng Thị  Lan ", "chị Lan"},
		{VI, "", "Triệu Văn Hải", "anh/chị"},
		{VI, "anh", "", "anh"},
		{EN, "chi", "Lăng Thị Lan", "Lăng Thị Lan"},
	}
	for _, a := range addresses {
		if got := cat.Address(a.lang, a.title, a.name); got != a.want {
			t.Errorf("Address(%s, %q, %q) = %q, want %q", a.lang, a.title, a.name, got, a.want)
		}
	}
}
