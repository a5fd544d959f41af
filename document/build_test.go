package document

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"treembot/locales"
	"treembot/reports"
	"treembot/storage"
)

func TestBuildTakesTheCommuneAsIssuerAndItsVillagesAsCompleteness(t *testing.T) {
	r := communeReport(locales.VI)
	if r.IssuingBody != "ỦY BAN NHÂN DÂN\nXÃ XUÂN LONG" || r.Place != "Xuân Long" || r.NumberCode != "UBND" {
		t.Errorf("issuer %q, place %q, number code %q", r.IssuingBody, r.Place, r.NumberCode)
	}
	if r.PeriodKind != SixMonthly || r.Year != 2025 || r.Milestone != 2025 || r.FileName(DOCX) != "baocao-VQ-XL-2025-H1.docx" {
		t.Errorf("period %s %d milestone %d file %s", r.PeriodKind, r.Year, r.Milestone, r.FileName(DOCX))
	}
	want := []UnitState{{Name: "Thôn Nà Lùng", State: OnTime}, {Name: "Thôn Bản Khuông", State: Late},
		{Name: "Thôn Khòn Khuyến", State: Missing}}
	if !reflect.DeepEqual(r.Completeness.Units, want) || r.Completeness.Submitted() != 2 || r.Completeness.Expected != 3 {
		t.Errorf("completeness = %+v", r.Completeness)
	}
	if got := r.Recipients; len(got) != 2 || got[1] != "Lưu: VT." {
		t.Errorf("recipients = %q, want the caller's then the archive copy", got)
	}
}

func TestBuildFormatsEachPartAndJudgesItAgainstThePeriodsMilestone(t *testing.T) {
	r := communeReport(locales.VI)
	want := []PartRow{
		{"1", "Tỷ lệ xã đạt chuẩn xã phù hợp với trẻ em", "66,7%", "≥90%", "≥95%", StatusNotMet},
		{"3a", "Tỷ suất tử vong trẻ sơ sinh", "7,1‰", "<9,5‰", "<9‰", StatusMet},
		{"5b", "Tỷ lệ trẻ em dưới 5 tuổi được tiêm chủng đầy đủ", "90%", "—", "≥98%", StatusNoTarget},
		{"10", "Số trẻ em lao động trái quy định", "0", "=0", "=0", StatusMet},
		{"13", "Tỷ lệ tảo hôn", "—", "<2,5%", "<2%", StatusNoData},
	}
	if !reflect.DeepEqual(r.Parts, want) {
		t.Errorf("parts =\n%+v\nwant\n%+v", r.Parts, want)
	}
	if en := communeReport(locales.EN); en.Parts[1].Figure != "7.1‰" || en.Parts[1].Name != "Neonatal mortality" {
		t.Errorf("English part = %+v", en.Parts[1])
	}
}

func TestBuildGroupsTheCountedRemarksByUnit(t *testing.T) {
	r := communeReport(locales.VI)
	want := []UnitRemarks{
		{Unit: "Thôn Nà Lùng", Items: []Remark{{Label: "Khó khăn, vướng mắc", Text: `Thiếu kinh phí <hỗ trợ> & "người làm"`}}},
		{Unit: "Thôn Bản Khuông", Items: []Remark{{Label: "Đề xuất, kiến nghị", Text: "Đề nghị tập huấn cho cộng tác viên"}}},
	}
	if !reflect.DeepEqual(r.Remarks, want) {
		t.Errorf("remarks = %+v\nwant %+v", r.Remarks, want)
	}
	if len(r.Notes) != 1 || r.Notes[0] != "Thôn Nà Lùng – Số trẻ đẻ sống: 42 (kỳ trước 9)." || r.PreviousCode != "2024-H1" {
		t.Errorf("notes = %q (previous %q)", r.Notes, r.PreviousCode)
	}
}

func TestSummaryParagraphCountsTheTargetsMet(t *testing.T) {
	got := SummaryParagraph(cat, communeReport(locales.VI))
	want := "Có 2/4 chỉ tiêu đạt mục tiêu năm 2025; 1 chỉ tiêu chưa đạt (1); 1 chỉ tiêu chưa có số liệu (13); " +
		"1 chỉ tiêu Kế hoạch chưa đặt mục tiêu năm 2025. Số liệu tính từ 2/3 báo cáo đã gửi."
	if got != want {
		t.Errorf("summary =\n%s\nwant\n%s", got, want)
	}
	en := SummaryParagraph(cat, communeReport(locales.EN))
	if en != "2 of 4 indicators meet the 2025 target; not met yet: 1; no data yet: 13; "+
		"1 more with no 2025 target in the plan. The figures come from 2 of 3 reports sent." {
		t.Errorf("English summary = %s", en)
	}
}

func TestPlaceDatePadsDaysAndTheFirstTwoMonths(t *testing.T) {
	r := communeReport(locales.VI)
	if got := placeDate(cat, r); got != "Xuân Long, ngày 03 tháng 5 năm 2025" {
		t.Errorf("place and date = %q", got)
	}
	r.Date = r.Date.AddDate(0, 9, 10) // 13 February 2026
	if got := placeDate(cat, r); got != "Xuân Long, ngày 13 tháng 02 năm 2026" {
		t.Errorf("place and date = %q", got)
	}
}

// An office passes its own issuer and signer; a report with no parts in
// scope says so instead of an empty table and a "0/0" sentence.
func TestAnOfficesReportWithoutPartsNamesItsOwnIssuer(t *testing.T) {
	s := communeSummary()
	s.Parts = nil
	r := Build(cat, s, Options{Lang: locales.VI, Date: time.Date(2025, 11, 14, 8, 0, 0, 0, zone),
		ParentBody: "UBND HUYỆN VĂN QUAN", IssuingBody: "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", NumberCode: "PGDĐT",
		Place: "Văn Quan", SignerTitle: "TRƯỞNG PHÒNG", SignerName: "Nguyễn Văn An"})
	w := readDOCX(t, renderDOCX(t, r))
	for _, want := range []string{"UBND HUYỆN VĂN QUAN", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "Số:        /BC-PGDĐT",
		"Văn Quan, ngày 14 tháng 11 năm 2025", "TRƯỞNG PHÒNG", "Nguyễn Văn An",
		"Chưa có chỉ tiêu nào thuộc phạm vi báo cáo này."} {
		if !slices.Contains(w.paragraphs, want) {
			t.Errorf("no paragraph %q", want)
		}
	}
	if len(w.tables) != 2 { // the header and the signature, no indicator table
		t.Errorf("%d tables, want 2", len(w.tables))
	}
}

func TestTheClosingWritesTheUnitsKindInLowerCase(t *testing.T) {
	w := readDOCX(t, renderDOCX(t, communeReport(locales.VI)))
	last := "Trên đây là báo cáo kết quả thực hiện Kế hoạch thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị " +
		"về tăng cường công tác chăm sóc, giáo dục và bảo vệ trẻ em kỳ 6 tháng đầu năm 2025 của xã Xuân Long."
	if !slices.Contains(w.paragraphs, last) {
		t.Errorf("no closing %q", last)
	}
}

// A district's report lists its communes: their reports are what the
// district counts (the villages' go to their commune).
func TestADistrictsCompletenessListsItsCommunes(t *testing.T) {
	s := communeSummary()
	s.Unit = storage.OrgUnit{ID: 1, Code: "VQ", Name: "Huyện Văn Quan", Level: storage.LevelDistrict}
	s.Units[0].Leaf = false
	s.Units[0].SubmissionID, s.Units[0].Status, s.Units[0].SubmittedAt = 30, storage.StatusSubmitted, at(2025, 5, 14)
	s.Units = append([]storage.ScopeUnit{{ID: 1, Code: "VQ", Name: "Huyện Văn Quan", Level: storage.LevelDistrict}}, s.Units...)
	s.Units = append(s.Units, storage.ScopeUnit{ID: 20, ParentID: 1, Code: "VQ-TD", Name: "Xã Tân Đoàn", Level: storage.LevelCommune},
		storage.ScopeUnit{ID: 21, ParentID: 20, Code: "VQ-TD-01", Name: "Thôn Pác Làng", Leaf: true})
	s.Villages, s.Completeness = nil, reports.ComputeCompleteness(s.Units, s.Period, zone)
	r := Build(cat, s, Options{Lang: locales.VI, Zone: zone, Date: time.Date(2025, 5, 16, 8, 0, 0, 0, zone)})
	missing, n := unitList(r.Completeness.Units, Missing)
	onTime, m := unitList(r.Completeness.Units, OnTime)
	if n != 1 || missing != "Xã Tân Đoàn" || m != 1 || onTime != "Xã Xuân Long" || r.Completeness.Expected != 2 {
		t.Errorf("missing = %d %q, on time = %d %q, expected %d", n, missing, m, onTime, r.Completeness.Expected)
	}
	if r.IssuingBody != "ỦY BAN NHÂN DÂN\nHUYỆN VĂN QUAN" || r.Place != "Văn Quan" {
		t.Errorf("issuer %q, place %q", r.IssuingBody, r.Place)
	}
}

// A district's yearly report also says which offices have sent their own
// reports, since parts of the figures come from them; the paragraphs of
// the written file name each office under its state.
func TestADistrictsYearlyReportListsTheOfficesReports(t *testing.T) {
	s := communeSummary()
	s.Unit = storage.OrgUnit{ID: 1, Code: "VQ", Name: "Huyện Văn Quan", Level: storage.LevelDistrict}
	district := storage.ScopeUnit{ID: 1, Code: "VQ", Name: "Huyện Văn Quan", Level: storage.LevelDistrict}
	sent := district
	sent.SubmissionID, sent.Status, sent.SubmittedAt = 40, storage.StatusSubmitted, at(2025, 5, 14)
	s.Units = append([]storage.ScopeUnit{district}, s.Units...)
	s.Villages, s.Completeness = nil, reports.ComputeCompleteness(s.Units, s.Period, zone)
	s.OfficeReports = []reports.OfficeReport{
		{Office: storage.Office{Code: "YTE", NameVI: "Trạm Y tế", NameEN: "Health station"}, Unit: sent},
		{Office: storage.Office{Code: "GDDT", NameVI: "Phòng Giáo dục và Đào tạo", NameEN: "Education office"}, Unit: district},
	}
	s.OfficeCompleteness = reports.Completeness{Expected: 2, OnTime: 1, Missing: 1}
	for lang, want := range map[string][]string{
		locales.VI: {"Đã nhận 1/2 báo cáo năm của các phòng, ban: 1 báo cáo đúng hạn, 0 báo cáo gửi muộn; còn 1 phòng, ban chưa gửi.",
			"Gửi đúng hạn (1): Trạm Y tế.", "Chưa gửi (1): Phòng Giáo dục và Đào tạo."},
		locales.EN: {"1 of 2 yearly reports from the offices have been received (1 on time, 0 late); still missing: 1.",
			"On time (1): Health station.", "Not yet sent (1): Education office."},
	} {
		r := Build(cat, s, Options{Lang: lang, Zone: zone, Date: time.Date(2025, 5, 16, 8, 0, 0, 0, zone)})
		var texts []string
		for _, b := range lay(cat, r).Body {
			texts = append(texts, b.Text)
		}
		for _, w := range want {
			if !slices.Contains(texts, w) {
				t.Errorf("%s: no %q in the completeness section:\n%s", lang, w, strings.Join(texts[:8], "\n"))
			}
		}
	}
	// A commune owes no office reports: its section lists its villages only.
	r := Build(cat, communeSummary(), Options{Lang: locales.VI, Zone: zone, Date: time.Date(2025, 5, 16, 8, 0, 0, 0, zone)})
	if len(r.Offices.Units) != 0 {
		t.Errorf("a commune's report lists offices %+v", r.Offices.Units)
	}
}
