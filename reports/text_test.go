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
	f.report("VQ-XL", "2025-Y", yearOnTime, false, map[string]string{"live_births": "1000", "child_friendly": "1",
		"child_labour": "0", "children_u16": "3000", "abuse_cases": "0"})
	f.file("office_yte", "VQ", "2025-Y", yearOnTime, false, map[string]string{"live_births": "1234", "deaths_u28d": "9",
		"u5_measured": "50", "u5_obese": "2"})
	s := f.summary("VQ", "2025-Y")
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
	mustHave(t, vi.Head, "Huyện Văn Quan", "01/11/2024–31/10/2025", "hạn 15/11/2025",
		"• Báo cáo của xã: đã nhận 1/3 (1 đúng hạn, 0 muộn); còn 2 chưa gửi.",
		"• Báo cáo năm của các phòng, ban: đã nhận 1/5 (1 đúng hạn, 0 muộn); còn 4 chưa gửi.")
	// The communes' births are shown beside the health centre's, not counted.
	mustHave(t, vi.Foot, "Đối chiếu", "• Số trẻ đẻ sống: Trung tâm Y tế 1.234; Báo cáo của xã 1.000")
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
	f.report("VQ-XL", "2025-H1", onTime, false, map[string]string{"children_u16": "40", "abuse_cases": "1"})
	f.report("VQ-XL", "2026-H1", next, false, map[string]string{"children_u16": "1300", "abuse_cases": "1"})
	s := f.summary("VQ", "2026-H1")
	foot := reports.RenderSummary(locales.MustLoad(), locales.VI, s, storagetest.Zone()).Foot
	mustHave(t, foot, "Có 1 số liệu chênh lệch lớn so với kỳ 2025-H1", "• Xã Xuân Long – Số trẻ em dưới 16 tuổi: 1.300 (kỳ trước 40)",
		"≈ ước cả năm")
	if s.Milestone != reports.Milestone2030 {
		t.Errorf("a 2026 period is judged against %d, want 2030", s.Milestone)
	}
}

func TestOverdueListsCommunesOfficesAndAtACommuneItsVillages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.report("VQ-XL", "2025-Y", yearOnTime, false, map[string]string{"child_labour": "0"})
	f.report("VQ-TT", "2025-Y", yearOnTime, true, map[string]string{"child_labour": "0"})
	f.report("VQ-XL-01", "2025-Y", yearOnTime, false, map[string]string{"child_labour": "0"})
	f.file("office_yte", "VQ", "2025-Y", yearOnTime, false, map[string]string{"live_births": "4"})
	cat := locales.MustLoad()
	o, err := f.svc.Overdue(context.Background(), yearReq(f, "VQ"))
	if err != nil {
		t.Fatal(err)
	}
	txt := reports.RenderOverdue(cat, locales.VI, o, storagetest.Zone())
	mustHave(t, txt, "Báo cáo của xã (hạn 15/11/2025): còn 2/3 chưa nhận", "• Thị trấn Văn Quan: ", "(đang nhập dở)",
		"• Xã Tân Đoàn: ", "(chưa bắt đầu)", "Báo cáo năm của các phòng, ban (hạn 15/11/2025): còn 4/5 chưa nhận",
		"• Phòng Giáo dục và Đào tạo – Huyện Văn Quan: ")
	for _, gone := range []string{"Xã Xuân Long", "Trung tâm Y tế", "Thôn"} {
		if strings.Contains(txt, gone) {
			t.Errorf("%q is listed as overdue at the district:\n%s", gone, txt)
		}
	}
	for _, u := range o.Communes {
		if len(u.People) != 1 || u.People[0].Role != "commune_officer" || !strings.Contains(txt, u.People[0].Name) {
			t.Errorf("%s: officers %+v not named", u.Unit.Code, u.People)
		}
	}
	for _, r := range o.Offices {
		if len(r.People) != 1 || r.People[0].Role != "official" || !strings.Contains(txt, r.People[0].Name) {
			t.Errorf("%s: officials %+v not named", r.Report.Office.Code, r.People)
		}
	}
	// The commune officer is told which villages have not sent theirs, and who collects them.
	xl, err := f.svc.Overdue(context.Background(), yearReq(f, "VQ-XL"))
	if err != nil {
		t.Fatal(err)
	}
	txt = reports.RenderOverdue(cat, locales.VI, xl, storagetest.Zone())
	mustHave(t, txt, "còn 2/3 chưa nhận", "• Thôn Bản Khuông: ", "• Thôn Khòn Khuyến: ")
	if len(xl.Villages) != 2 || len(xl.Villages[0].People) != 1 || xl.Villages[0].People[0].Role != "collaborator" ||
		strings.Contains(txt, "Nà Lùng") || len(xl.Communes) != 0 {
		t.Errorf("Xuân Long overdue = %+v:\n%s", xl.Villages, txt)
	}
}

func yearReq(f *fixture, unit string) reports.Request {
	return reports.Request{UnitID: f.unit(unit).ID, Period: "2025-Y", Now: storagetest.Now()}
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
