package storage

import (
	"fmt"
	"strconv"
	"strings"
)

// Units of an indicator part and the special denominator.
const (
	PartPercent = "percent"  // × 100
	PartPer1000 = "per_1000" // × 1000, per live births
	PartCount   = "count"    // a plain sum
	// DenominatorUnits counts the reporting units: "% of communes" whose
	// yes/no answer is "1".
	DenominatorUnits = "units"
)

// indicatorDef is one of the plan's 24 indicators, as restated in
// plan/INDICATORS.md.
type indicatorDef struct{ code, office, vi, en string }

var planIndicators = []indicatorDef{
	{"1", "LDTBXH", "Xã, phường, thị trấn đạt tiêu chuẩn phù hợp với trẻ em", "Communes meeting the child-friendly standard"},
	{"2", "LDTBXH", "Trẻ em đến 8 tuổi được tiếp cận dịch vụ hỗ trợ chăm sóc phát triển toàn diện", "Children up to 8 with access to comprehensive early-development support services"},
	{"3", "YTE", "Tỷ suất tử vong trẻ em", "Child mortality"},
	{"4", "YTE", "Suy dinh dưỡng và béo phì ở trẻ em dưới 5 tuổi", "Under-5 malnutrition and obesity"},
	{"5", "YTE", "Trẻ em được tiêm chủng đầy đủ", "Children fully immunised"},
	{"6", "YTE", "Lây truyền HIV từ mẹ sang con", "Mother-to-child HIV transmission"},
	{"7", "GDDT", "Cơ sở giáo dục có công trình vệ sinh", "Education establishments with sanitation facilities"},
	{"8", "LDTBXH", "Trẻ em có hoàn cảnh đặc biệt", "Children in special circumstances"},
	{"9", "LDTBXH", "Trẻ em bị xâm hại", "Children abused"},
	{"10", "LDTBXH", "Lao động trẻ em và người chưa thành niên từ 5 đến 17 tuổi", "Child labour, ages 5–17"},
	{"11", "LDTBXH", "Tai nạn thương tích trẻ em", "Child accidents and injuries"},
	{"12", "LDTBXH", "Trẻ em gặp thiên tai, thảm họa được cứu trợ, hỗ trợ kịp thời", "Children hit by natural disaster helped in time"},
	{"13", "LDTBXH", "Tảo hôn", "Child marriages"},
	{"14", "TUPHAP", "Trẻ em dưới 5 tuổi được đăng ký khai sinh", "Under-5 with birth registered"},
	{"15", "GDDT", "Trẻ em dưới 5 tuổi phát triển phù hợp về sức khỏe, học tập và tâm lý xã hội", "Under-5 developing appropriately (health, learning, psychosocial)"},
	{"16", "GDDT", "Trẻ em 5 tuổi đi học mẫu giáo", "5-year-olds enrolled in kindergarten"},
	{"17", "GDDT", "Giáo dục tiểu học", "Primary education"},
	{"18", "GDDT", "Giáo dục trung học cơ sở", "Lower-secondary education"},
	{"19", "GDDT", "Trường học có dịch vụ hỗ trợ tâm lý trẻ em", "Schools with psychological support services"},
	{"20", "GDDT", "Giáo dục cho trẻ em khuyết tật", "Education for children with disabilities"},
	{"21", "VHTT", "Xã, phường, thị trấn có điểm văn hóa, vui chơi dành cho trẻ em", "Communes with a cultural / play space for children"},
	{"22", "GDDT", "Trẻ em từ 7 tuổi trở lên được hỏi ý kiến về các vấn đề của trẻ em", "Children 7+ consulted on matters that concern them"},
	{"23", "GDDT", "Trẻ em được nâng cao nhận thức, năng lực về quyền tham gia", "Children with raised awareness and capacity on their right to participate"},
	{"24", "GDDT", "Trẻ em từ 11 tuổi trở lên tham gia các mô hình, hoạt động thúc đẩy quyền tham gia", "Children 11+ taking part in models promoting participation"},
}

// partDef is one measurable part. Targets are written as INDICATORS.md
// writes them: "<9.5" (strict), "12.5" (the direction's bound), ">=99",
// "—" (none), "maintain" (the 2025 target holds), "<1 (maintain)".
type partDef struct {
	code, indicator, vi, en string
	unit, num, den, area    string
	dir, t2025, t2030       string
	source                  string // the form it is computed from
}

// The forms the plan's parts are computed from by default (INDICATORS.md,
// "Who counts what"): each part from exactly one, so nothing is counted
// twice. An admin may move a part to another source.
const (
	FormCommune   = "commune_report"
	FormHealth    = "office_yte"
	FormEducation = "office_gddt"
	FormJustice   = "office_tuphap"
)

var planParts = []partDef{
	{"1", "1", "Tỷ lệ xã, thị trấn đạt tiêu chuẩn phù hợp với trẻ em", "Communes meeting the child-friendly standard", PartPercent, "child_friendly", DenominatorUnits, "", ">=", "90", "95", FormCommune},
	{"2", "2", "Tỷ lệ trẻ em đến 8 tuổi được tiếp cận dịch vụ hỗ trợ phát triển toàn diện", "Children up to 8 with access to early-development services", PartPercent, "u8_ecd_access", "children_u8", "", ">=", "98", ">98", FormCommune},
	{"3a", "3", "Tỷ suất tử vong trẻ sơ sinh trên 1.000 trẻ đẻ sống", "Neonatal mortality per 1,000 live births", PartPer1000, "deaths_u28d", "live_births", "", "<=", "<9.5", "<9", FormHealth},
	{"3b", "3", "Tỷ suất tử vong trẻ em dưới 1 tuổi trên 1.000 trẻ đẻ sống", "Infant (under-1) mortality per 1,000 live births", PartPer1000, "deaths_u1", "live_births", "", "<=", "12.5", "10", FormHealth},
	{"3c", "3", "Tỷ suất tử vong trẻ em dưới 5 tuổi trên 1.000 trẻ đẻ sống", "Under-5 mortality per 1,000 live births", PartPer1000, "deaths_u5", "live_births", "", "<=", "<18.5", "<15", FormHealth},
	{"4a", "4", "Tỷ lệ trẻ dưới 5 tuổi suy dinh dưỡng thể cân nặng theo tuổi", "Under-5 underweight (weight-for-age)", PartPercent, "u5_underweight", "u5_measured", "", "<=", "<9", "<6", FormHealth},
	{"4b", "4", "Tỷ lệ trẻ dưới 5 tuổi suy dinh dưỡng thể chiều cao theo tuổi", "Under-5 stunting (height-for-age)", PartPercent, "u5_stunted", "u5_measured", "", "<=", "17", "<15", FormHealth},
	{"4c-rural", "4", "Tỷ lệ trẻ dưới 5 tuổi béo phì (nông thôn)", "Under-5 obesity (rural)", PartPercent, "u5_obese", "u5_measured", AreaRural, "<=", "<5", "<5", FormHealth},
	{"4c-urban", "4", "Tỷ lệ trẻ dưới 5 tuổi béo phì (thành thị)", "Under-5 obesity (urban)", PartPercent, "u5_obese", "u5_measured", AreaUrban, "<=", "<10", "<10", FormHealth},
	{"5a", "5", "Tỷ lệ trẻ dưới 1 tuổi được tiêm chủng đầy đủ 8 loại vắc xin", "Under-1 fully immunised (8 vaccines)", PartPercent, "u1_fully_immunised", "u1_cohort", "", ">=", "97", "98", FormHealth},
	{"5b", "5", "Tỷ lệ trẻ dưới 5 tuổi được tiêm chủng đầy đủ các loại vắc xin", "Under-5 fully immunised (all vaccines)", PartPercent, "u5_fully_immunised", "children_u5", "", ">=", "—", "98", FormHealth},
	{"6", "6", "Tỷ lệ lây truyền HIV từ mẹ sang con", "Mother-to-child HIV transmission", PartPercent, "hiv_infected_infants", "hiv_exposed_births", "", "<=", "—", "<2", FormHealth},
	{"7", "7", "Tỷ lệ cơ sở giáo dục có công trình vệ sinh", "Education establishments with sanitation facilities", PartPercent, "schools_sanitation", "schools_total", "", "=", "100", "100", FormEducation},
	{"8a", "8", "Tỷ lệ trẻ em có hoàn cảnh đặc biệt trên tổng số trẻ em", "Children in special circumstances (% of all children)", PartPercent, "special_circumstances", "children_u16", "", "<=", "<1", "<1 (maintain)", FormCommune},
	{"8b", "8", "Tỷ lệ trẻ em có hoàn cảnh đặc biệt được chăm sóc, nuôi dưỡng, trợ giúp", "Children in special circumstances cared for, raised, assisted", PartPercent, "special_assisted", "special_circumstances", "", "=", "100", "100", FormCommune},
	{"9", "9", "Tỷ lệ trẻ em bị xâm hại", "Children abused (% of all children)", PartPercent, "abuse_cases", "children_u16", "", "<=", "<0.01", "<0.01 (maintain)", FormCommune},
	{"10", "10", "Số lao động trẻ em từ 5 đến 17 tuổi", "Child labour cases, ages 5–17", PartCount, "child_labour", "", "", "=", "0", "0", FormCommune},
	{"11a", "11", "Tỷ suất trẻ em bị tai nạn thương tích", "Children injured in accidents (% of all children)", PartPercent, "accident_injuries", "children_u16", "", "<=", "<0.02", "<0.01", FormCommune},
	{"11b", "11", "Tỷ suất trẻ em tử vong do tai nạn thương tích", "Child deaths from accidents and injuries (% of all children)", PartPercent, "accident_deaths", "children_u16", "", "<=", "<0.01", "<0.01 (maintain)", FormCommune},
	{"12", "12", "Tỷ lệ trẻ em gặp thiên tai, thảm họa được cứu trợ, hỗ trợ kịp thời", "Children hit by natural disaster helped in time", PartPercent, "disaster_helped", "disaster_affected", "", "=", "100", "100", FormCommune},
	{"13", "13", "Tỷ lệ tảo hôn trên tổng số cuộc kết hôn", "Child marriages (% of marriages)", PartPercent, "child_marriages", "marriages", "", "<=", "<2.5", "<2", FormCommune},
	{"14", "14", "Tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh", "Under-5 with birth registered", PartPercent, "u5_birth_registered", "children_u5", "", "=", "100", "100", FormJustice},
	{"15", "15", "Tỷ lệ trẻ em dưới 5 tuổi phát triển phù hợp", "Under-5 developing appropriately", PartPercent, "u5_developing", "u5_assessed", "", ">=", "99", ">99", FormEducation},
	{"16", "16", "Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo", "5-year-olds enrolled in kindergarten", PartPercent, "age5_enrolled", "age5_children", "", ">=", "99.9", ">99.9", FormEducation},
	{"17a", "17", "Tỷ lệ hoàn thành cấp tiểu học", "Primary school completion", PartPercent, "primary_completed", "primary_final_grade", "", ">=", ">99.95", "maintain", FormEducation},
	{"17b", "17", "Tỷ lệ bỏ học cấp tiểu học", "Primary school dropout", PartPercent, "primary_dropouts", "primary_enrolled", "", "<=", "<0.05", "maintain", FormEducation},
	{"18a", "18", "Tỷ lệ hoàn thành cấp trung học cơ sở", "Lower-secondary completion", PartPercent, "lower_secondary_completed", "lower_secondary_final_grade", "", ">=", "98", ">=99", FormEducation},
	{"18b", "18", "Tỷ lệ bỏ học cấp trung học cơ sở", "Lower-secondary dropout", PartPercent, "lower_secondary_dropouts", "lower_secondary_enrolled", "", "<=", "<2", "<1", FormEducation},
	{"19", "19", "Tỷ lệ trường học có dịch vụ hỗ trợ tâm lý trẻ em", "Schools with psychological support services", PartPercent, "schools_psych_support", "schools", "", ">=", "95", ">95", FormEducation},
	{"20a", "20", "Tỷ lệ trường học có cơ sở hạ tầng, tài liệu phù hợp với học sinh khuyết tật", "Schools with infrastructure and materials for disabled pupils", PartPercent, "schools_disability_access", "schools", "", ">=", "55", "60", FormEducation},
	{"20b", "20", "Tỷ lệ trẻ em khuyết tật có nhu cầu học tập được tiếp cận giáo dục chuyên biệt, hòa nhập, phục hồi chức năng", "Disabled children needing schooling with access to specialised/inclusive education and rehabilitation", PartPercent, "disabled_included", "disabled_need_school", "", ">=", ">90", ">95", FormEducation},
	{"21", "21", "Tỷ lệ xã, thị trấn có điểm văn hóa, vui chơi dành cho trẻ em", "Communes with a cultural / play space for children", PartPercent, "play_space", DenominatorUnits, "", ">=", ">55", ">60", FormCommune},
	{"22", "22", "Tỷ lệ trẻ em từ 7 tuổi trở lên được hỏi ý kiến", "Children 7+ consulted on matters that concern them", PartPercent, "pupils_7plus_consulted", "pupils_7plus", "", ">=", "95", ">95", FormEducation},
	{"23", "23", "Tỷ lệ trẻ em được nâng cao nhận thức, năng lực về quyền tham gia", "Children with raised awareness of their right to participate", PartPercent, "pupils_participation_aware", "pupils_total", "", ">=", "98", ">98", FormEducation},
	{"24", "24", "Tỷ lệ trẻ em từ 11 tuổi trở lên tham gia mô hình thúc đẩy quyền tham gia", "Children 11+ taking part in participation models", PartPercent, "pupils_11plus_participating", "pupils_11plus", "", ">=", "90", ">90", FormEducation},
}

// multiplierFor turns a part's unit into the factor its rate is scaled by.
func multiplierFor(unit string) (float64, error) {
	switch unit {
	case PartPercent:
		return 100, nil
	case PartPer1000:
		return 1000, nil
	case PartCount:
		return 1, nil
	}
	return 0, fmt.Errorf("unknown part unit %q", unit)
}

// parseTarget reads one target as INDICATORS.md writes it. dir is the
// part's direction, used when the figure has no operator of its own.
func parseTarget(spec, dir string) (value *float64, op string, maintain bool, err error) {
	spec = strings.TrimSpace(spec)
	if rest, ok := strings.CutSuffix(spec, "(maintain)"); ok {
		maintain, spec = true, strings.TrimSpace(rest)
	}
	switch spec {
	case "", "—":
		return nil, "", maintain, nil
	case "maintain":
		return nil, "", true, nil
	}
	op = dir
	for _, prefix := range []string{">=", "<=", "<", ">", "="} {
		if rest, ok := strings.CutPrefix(spec, prefix); ok {
			op, spec = prefix, rest
			break
		}
	}
	v, err := strconv.ParseFloat(spec, 64)
	if err != nil {
		return nil, "", false, fmt.Errorf("target %q: %w", spec, err)
	}
	return &v, op, maintain, nil
}

// PlanParts are the plan's 35 indicator parts as Seed stores them (before
// an admin changes a source), for checks that need no database.
func PlanParts() ([]IndicatorPart, error) {
	parts := make([]IndicatorPart, 0, len(planParts))
	for i, d := range planParts {
		p, err := buildPart(d, i+1)
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	return parts, nil
}

// annualisedParts are the events counted over a population (abuse,
// accidents): a 6-month count is half a year's, so it is doubled before
// it is judged against the annual target.
var annualisedParts = map[string]bool{"9": true, "11a": true, "11b": true}

// buildPart turns a definition into the stored row.
func buildPart(d partDef, order int) (IndicatorPart, error) {
	mult, err := multiplierFor(d.unit)
	if err != nil {
		return IndicatorPart{}, fmt.Errorf("part %s: %w", d.code, err)
	}
	p := IndicatorPart{Code: d.code, IndicatorCode: d.indicator, NameVI: d.vi, NameEN: d.en, Unit: d.unit,
		NumeratorCode: d.num, DenominatorCode: d.den, Multiplier: mult, Area: d.area, SortOrder: order,
		SourceForm: d.source, Annualise: annualisedParts[d.code]}
	if p.Target2025, p.Op2025, _, err = parseTarget(d.t2025, d.dir); err != nil {
		return IndicatorPart{}, fmt.Errorf("part %s 2025: %w", d.code, err)
	}
	if p.Target2030, p.Op2030, p.Maintain2030, err = parseTarget(d.t2030, d.dir); err != nil {
		return IndicatorPart{}, fmt.Errorf("part %s 2030: %w", d.code, err)
	}
	if p.Maintain2030 && p.Target2030 == nil {
		p.Target2030, p.Op2030 = p.Target2025, p.Op2025
	}
	return p, nil
}
