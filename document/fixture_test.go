package document

import (
	"fmt"
	"testing"
	"time"

	"treembot/locales"
	"treembot/reports"
	"treembot/storage"
)

var (
	zone = mustZone()
	cat  = locales.MustLoad()
)

func mustZone() *time.Location {
	z, err := locales.LoadZone("")
	if err != nil {
		panic(err)
	}
	return z
}

func ptr(v float64) *float64 { return &v }

func at(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 9, 0, 0, 0, zone)
	return &t
}

// part evaluates one indicator part the way the summary does.
func part(p storage.IndicatorPart, v reports.Value) reports.PartResult {
	t25, t30 := reports.Targets(p)
	return reports.PartResult{Part: p, Value: v, T2025: reports.Evaluate(v, t25), T2030: reports.Evaluate(v, t30)}
}

// communeSummary is Xuân Long's 6-month summary: one village on time, one
// late, one missing; five parts that meet, miss, lack data or a target.
func communeSummary() *reports.Summary {
	period := storage.Period{ID: 1, Code: "2025-H1", Kind: storage.PeriodSixMonthly,
		Start: time.Date(2024, 11, 1, 0, 0, 0, 0, zone), End: time.Date(2025, 4, 30, 0, 0, 0, 0, zone),
		Deadline: time.Date(2025, 5, 15, 0, 0, 0, 0, zone), VillageLeadDays: 5}
	units := []storage.ScopeUnit{
		{ID: 6, Code: "VQ-XL", Name: "Xã Xuân Long", Level: storage.LevelCommune, ParentID: 1},
		{ID: 7, ParentID: 6, Code: "VQ-XL-01", Name: "Thôn Nà Lùng", Leaf: true, SubmissionID: 11,
			Status: storage.StatusSubmitted, Version: 1, SubmittedAt: at(2025, 5, 10)},
		{ID: 8, ParentID: 6, Code: "VQ-XL-02", Name: "Thôn Bản Khuông", Leaf: true, SubmissionID: 12,
			Status: storage.StatusSubmitted, Version: 1, SubmittedAt: at(2025, 5, 20)},
		{ID: 9, ParentID: 6, Code: "VQ-XL-03", Name: "Thôn Khòn Khuyến", Leaf: true, SubmissionID: 13,
			Status: storage.StatusDraft, Version: 1},
	}
	parts := []reports.PartResult{
		part(storage.IndicatorPart{Code: "1", NameVI: "Tỷ lệ xã đạt chuẩn xã phù hợp với trẻ em", NameEN: "Child-friendly communes",
			Unit: storage.PartPercent, Target2025: ptr(90), Op2025: ">=", Target2030: ptr(95), Op2030: ">="},
			reports.Value{Numerator: 2, Denominator: 3, Figure: 66.6667, OK: true}),
		part(storage.IndicatorPart{Code: "3a", NameVI: "Tỷ suất tử vong trẻ sơ sinh", NameEN: "Neonatal mortality",
			Unit: storage.PartPer1000, Target2025: ptr(9.5), Op2025: "<", Target2030: ptr(9), Op2030: "<"},
			reports.Value{Numerator: 1, Denominator: 141, Figure: 7.092, OK: true}),
		part(storage.IndicatorPart{Code: "5b", NameVI: "Tỷ lệ trẻ em dưới 5 tuổi được tiêm chủng đầy đủ", NameEN: "Under-5 fully immunised",
			Unit: storage.PartPercent, Target2030: ptr(98), Op2030: ">="},
			reports.Value{Numerator: 90, Denominator: 100, Figure: 90, OK: true}),
		part(storage.IndicatorPart{Code: "10", NameVI: "Số trẻ em lao động trái quy định", NameEN: "Child labour",
			Unit: storage.PartCount, Target2025: ptr(0), Op2025: "=", Target2030: ptr(0), Op2030: "="},
			reports.Value{Numerator: 0, Figure: 0, OK: true}),
		part(storage.IndicatorPart{Code: "13", NameVI: "Tỷ lệ tảo hôn", NameEN: "Child marriage",
			Unit: storage.PartPercent, Target2025: ptr(2.5), Op2025: "<", Target2030: ptr(2), Op2030: "<"}, reports.Value{}),
	}
	elements := map[string]storage.DataElement{
		"live_births":  {Code: "live_births", Type: storage.ElementCount, LabelVI: "Số trẻ đẻ sống", LabelEN: "Live births"},
		"difficulties": {Code: "difficulties", Type: storage.ElementText, LabelVI: "Khó khăn, vướng mắc (nếu có)", LabelEN: "Difficulties (if any)"},
		"proposals":    {Code: "proposals", Type: storage.ElementText, LabelVI: "Đề xuất, kiến nghị (nếu có)", LabelEN: "Proposals (if any)"},
	}
	prev := storage.Period{Code: "2024-H1", Kind: storage.PeriodSixMonthly}
	return &reports.Summary{
		Progress: reports.Progress{Unit: storage.OrgUnit{ID: 6, Code: "VQ-XL", Name: "Xã Xuân Long", Level: storage.LevelCommune},
			Period: period, Previous: &prev, Units: units,
			Completeness: reports.ComputeCompleteness(units, period, zone),
			// The villages' reports were due on 10/05: Nà Lùng on time,
			// Bản Khuông late, Khòn Khuyến still a draft.
			Villages: units[1:], VillageCompleteness: reports.Completeness{Expected: 3, OnTime: 1, Late: 1, Missing: 1}},
		Milestone: reports.MilestoneYear(period, zone), Parts: parts, Elements: elements,
		Unusual: []reports.Flag{{Unit: units[1], ElementCode: "live_births", Value: 42, Previous: 9}},
	}
}

// communeTexts are the free-text answers: a counted one with characters
// XML must escape, a counted proposal whose newer draft must not show, and
// a draft only.
func communeTexts() []storage.ExportRow {
	row := func(unit, element, value, status string, version int) storage.ExportRow {
		return storage.ExportRow{PeriodCode: "2025-H1", UnitCode: unit, ElementCode: element, Value: value, Status: status, Version: version}
	}
	return []storage.ExportRow{
		row("VQ-XL-01", "difficulties", `Thiếu kinh phí <hỗ trợ> & "người làm"`, storage.StatusSubmitted, 1),
		row("VQ-XL-01", "live_births", "12", storage.StatusSubmitted, 1),
		row("VQ-XL-02", "proposals", "Đề nghị tập huấn cho cộng tác viên", storage.StatusSubmitted, 1),
		row("VQ-XL-02", "proposals", "Bản nháp chưa gửi", storage.StatusDraft, 2),
		row("VQ-XL-03", "difficulties", "Chưa gửi nên không tính", storage.StatusDraft, 1),
	}
}

// communeReport is the commune's report as Build makes it.
func communeReport(lang string) *Report {
	return Build(cat, communeSummary(), Options{Lang: lang, Zone: zone, Date: time.Date(2025, 5, 3, 10, 0, 0, 0, zone),
		Texts: communeTexts(), Recipients: []string{"UBND huyện Văn Quan (qua Phòng LĐTBXH)"}})
}

// provinceReport is a province-sized report: parts parts, communes
// communes each with a proposal.
func provinceReport(tb testing.TB, parts, communes int) *Report {
	tb.Helper()
	r := communeReport(locales.VI)
	r.Parts, r.Remarks, r.Completeness = nil, nil, Completeness{Expected: communes}
	states := []string{StatusMet, StatusNotMet, StatusNoData}
	for i := range parts {
		r.Parts = append(r.Parts, PartRow{Code: fmt.Sprintf("%d", i+1), Name: fmt.Sprintf("Chỉ tiêu thứ %d về chăm sóc, giáo dục và bảo vệ trẻ em", i+1),
			Figure: fmt.Sprintf("%d,5%%", i), Target2025: "≥90%", Target2030: "≥95%", Status: states[i%3]})
	}
	for i := range communes {
		name := fmt.Sprintf("Xã Số %d", i+1)
		state := []string{OnTime, Late, Missing}[i%3]
		r.Completeness.Units = append(r.Completeness.Units, UnitState{Name: name, State: state})
		r.Remarks = append(r.Remarks, UnitRemarks{Unit: name, Items: []Remark{
			{Label: "Khó khăn, vướng mắc", Text: "Địa bàn rộng, giao thông đi lại khó khăn vào mùa mưa lũ; thiếu kinh phí cho cộng tác viên."},
			{Label: "Đề xuất, kiến nghị", Text: fmt.Sprintf("Đề nghị huyện hỗ trợ tập huấn cho xã số %d.", i+1)}}})
	}
	r.Completeness.OnTime, r.Completeness.Late = communes/3, communes/3
	r.Completeness.Missing = communes - 2*(communes/3)
	return r
}
