package reports_test

import (
	"context"
	"strings"
	"testing"

	"treembot/locales"
	"treembot/reports"
	"treembot/storage/storagetest"
)

func TestSummaryTextFitsAPhoneAndReadsRight(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cat := locales.MustLoad()
	f.report("VQ-XL-01", "2025-H1", onTime, false, map[string]string{"live_births": "1234", "deaths_u28d": "9",
		"u5_measured": "50", "u5_obese": "2", "child_friendly": "1", "child_labour": "0", "children_u16": "3000",
		"abuse_cases": "0"})
	s := f.summary("VQ", "2025-H1")
	for _, lang := range []string{locales.VI, locales.EN} {
		txt := reports.RenderSummary(cat, lang, s, storagetest.Zone())
		lines := strings.Split(txt.Table, "\n")
		if len(lines) != len(s.Parts)+1 {
			t.Errorf("%s: %d table lines for %d parts", lang, len(lines), len(s.Parts))
		}
		for _, l := range lines {
			if w := reports.DisplayWidth(l); w > reports.MaxTableWidth {
				t.Errorf("%s: line %q is %d columns wide", lang, l, w)
			}
		}
		for _, text := range []string{txt.Head, txt.Table, txt.Foot} {
			if strings.Contains(text, "[reports_") || strings.Contains(text, "<no value>") {
				t.Errorf("%s: unrendered message in %q", lang, text)
			}
		}
	}
	vi := reports.RenderSummary(cat, locales.VI, s, storagetest.Zone())
	mustHave(t, vi.Head, "Huyện Văn Quan", "01/11/2024–30/04/2025", "hạn 15/05/2025", "Đã nhận 1/8 báo cáo (1 đúng hạn, 0 muộn)")
	// 9 deaths in 1,234 births: 7.3 ‰ (shown as precisely as the target), under 9.5; 0 child labour meets "= 0";
	// nobody reported HIV figures; 0 abuse cases of 3,000 children is 0 %.
	mustHave(t, vi.Table, "3a           7,3‰    <9,5‰ ✅", "10              0       =0 ✅", "6               —        — —",
		"9              0%   <0,01% ✅", "4c-urban        —     <10% —")
	en := reports.RenderSummary(cat, locales.EN, s, storagetest.Zone())
	mustHave(t, en.Table, "3a           7.3‰    <9.5‰ ✅", "1            100%     ≥90% ✅", "Code       Result Aim 2025")
}

func TestSummaryTextListsUnusualFigures(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	next := onTime.AddDate(1, 0, 0)
	f.report("VQ-XL-01", "2025-H1", onTime, false, map[string]string{"live_births": "40"})
	f.report("VQ-XL-01", "2026-H1", next, false, map[string]string{"live_births": "1300"})
	s := f.summary("VQ", "2026-H1")
	foot := reports.RenderSummary(locales.MustLoad(), locales.VI, s, storagetest.Zone()).Foot
	mustHave(t, foot, "Có 1 số liệu chênh lệch lớn so với kỳ 2025-H1", "• Thôn Nà Lùng – Số trẻ đẻ sống: 1.300 (kỳ trước 40)")
	if s.Milestone != reports.Milestone2030 {
		t.Errorf("a 2026 period is judged against %d, want 2030", s.Milestone)
	}
}

func TestOverdueGroupsUnitsByCommuneWithTheirPeople(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.report("VQ-XL-01", "2025-H1", onTime, false, map[string]string{"live_births": "4"})
	f.report("VQ-XL-02", "2025-H1", onTime, true, map[string]string{"live_births": "4"})
	o, err := f.svc.Overdue(context.Background(), reportsReq(f, "VQ"))
	if err != nil {
		t.Fatal(err)
	}
	txt := reports.RenderOverdue(locales.MustLoad(), locales.VI, o, storagetest.Zone())
	mustHave(t, txt, "còn 7/8 đơn vị thuộc Huyện Văn Quan chưa gửi",
		"Xã Xuân Long — cán bộ: ", "• Thôn Bản Khuông: ", "(đang nhập dở)", "• Thôn Khòn Khuyến: ", "(chưa bắt đầu)")
	if strings.Contains(txt, "Thôn Nà Lùng") {
		t.Errorf("a unit that reported is listed as overdue:\n%s", txt)
	}
	// Each village's collaborator is named, and the commune officer is on the commune's line.
	for _, g := range o.Groups {
		if len(g.Officers) != 1 || g.Officers[0].Role != "commune_officer" {
			t.Errorf("%s: officers %+v", g.Parent.Code, g.Officers)
		}
		for _, u := range g.Units {
			if len(u.People) != 1 || !strings.Contains(txt, u.People[0].Name) {
				t.Errorf("%s: people %+v not named", u.Unit.Code, u.People)
			}
		}
	}
}

func reportsReq(f *fixture, unit string) reports.Request {
	return reports.Request{UnitID: f.unit(unit).ID, Period: "2025-H1", Now: storagetest.Now()}
}

func mustHave(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("missing %q in:\n%s", p, text)
		}
	}
}
