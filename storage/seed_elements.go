package storage

import (
	"errors"
	"fmt"
)

// Element types a form question can have.
const (
	ElementCount   = "count"
	ElementDecimal = "decimal"
	ElementYesNo   = "yesno"
	ElementChoice  = "choice"
	ElementText    = "text"
)

// officeElementDef is a figure a district office reports itself (the
// commune form cannot know how many schools have a psychologist).
type officeElementDef struct{ code, office, vi, en string }

var officeElements = []officeElementDef{
	{"hiv_exposed_births", "YTE", "Số trẻ đẻ sống có mẹ nhiễm HIV", "Live births to HIV-positive mothers"},
	{"hiv_infected_infants", "YTE", "Số trẻ sinh ra từ mẹ nhiễm HIV được xác định nhiễm HIV", "Infants of HIV-positive mothers found HIV-positive"},
	{"schools_total", "GDDT", "Tổng số cơ sở giáo dục", "Education establishments, total"},
	{"schools_sanitation", "GDDT", "Số cơ sở giáo dục có công trình vệ sinh", "Education establishments with sanitation facilities"},
	{"schools_psych_support", "GDDT", "Số trường học có dịch vụ hỗ trợ tâm lý trẻ em", "Schools with psychological support services"},
	{"schools_disability_access", "GDDT", "Số trường học có cơ sở hạ tầng, tài liệu phù hợp với học sinh khuyết tật", "Schools with infrastructure and materials for disabled pupils"},
	{"u5_assessed", "GDDT", "Số trẻ em dưới 5 tuổi được đánh giá sự phát triển", "Under-5 children assessed for development"},
	{"u5_developing", "GDDT", "Số trẻ em dưới 5 tuổi phát triển phù hợp về sức khỏe, học tập và tâm lý xã hội", "Under-5 children developing appropriately"},
	{"primary_enrolled", "GDDT", "Tổng số học sinh tiểu học", "Primary pupils enrolled"},
	{"primary_final_grade", "GDDT", "Số học sinh lớp 5 (lớp cuối cấp tiểu học)", "Pupils in grade 5 (final primary grade)"},
	{"primary_completed", "GDDT", "Số học sinh hoàn thành chương trình tiểu học", "Pupils completing primary school"},
	{"primary_dropouts", "GDDT", "Số học sinh tiểu học bỏ học", "Primary pupils who dropped out"},
	{"lower_secondary_enrolled", "GDDT", "Tổng số học sinh trung học cơ sở", "Lower-secondary pupils enrolled"},
	{"lower_secondary_final_grade", "GDDT", "Số học sinh lớp 9 (lớp cuối cấp trung học cơ sở)", "Pupils in grade 9 (final lower-secondary grade)"},
	{"lower_secondary_completed", "GDDT", "Số học sinh hoàn thành chương trình trung học cơ sở", "Pupils completing lower-secondary school"},
	{"lower_secondary_dropouts", "GDDT", "Số học sinh trung học cơ sở bỏ học", "Lower-secondary pupils who dropped out"},
	{"disabled_need_school", "GDDT", "Số trẻ em khuyết tật có nhu cầu học tập", "Disabled children needing schooling"},
	{"disabled_included", "GDDT", "Số trẻ em khuyết tật được tiếp cận giáo dục chuyên biệt, hòa nhập, phục hồi chức năng", "Disabled children with access to specialised or inclusive education and rehabilitation"},
	{"pupils_7plus", "GDDT", "Số học sinh từ 7 tuổi trở lên", "Pupils aged 7 and over"},
	{"pupils_7plus_consulted", "GDDT", "Số học sinh từ 7 tuổi trở lên được hỏi ý kiến về các vấn đề của trẻ em", "Pupils aged 7+ consulted on matters that concern them"},
	{"pupils_total", "GDDT", "Tổng số học sinh", "Pupils, total"},
	{"pupils_participation_aware", "GDDT", "Số học sinh được nâng cao nhận thức, năng lực về quyền tham gia", "Pupils with raised awareness of their right to participate"},
	{"pupils_11plus", "GDDT", "Số học sinh từ 11 tuổi trở lên", "Pupils aged 11 and over"},
	{"pupils_11plus_participating", "GDDT", "Số học sinh từ 11 tuổi trở lên tham gia mô hình, hoạt động thúc đẩy quyền tham gia", "Pupils aged 11+ taking part in participation models"},
}

// OfficeElements returns the figures district offices report themselves,
// each with its OfficeCode, so an office form can be built from them.
func OfficeElements() []DataElement {
	zero := 0.0
	out := make([]DataElement, 0, len(officeElements))
	for _, d := range officeElements {
		lo := zero
		out = append(out, DataElement{Code: d.code, LabelVI: d.vi, LabelEN: d.en, Type: ElementCount, Min: &lo, OfficeCode: d.office})
	}
	return out
}

// validateElements checks elements passed to Seed, naming the bad one.
func validateElements(elements []DataElement) error {
	seen := make(map[string]bool, len(elements))
	for i, e := range elements {
		switch {
		case e.Code == "":
			return fmt.Errorf("element %d: code is empty", i+1)
		case seen[e.Code]:
			return fmt.Errorf("element %q: code repeats", e.Code)
		case e.LabelVI == "" || e.LabelEN == "":
			return fmt.Errorf("element %q: label_vi and label_en are both required", e.Code)
		case e.Code == DenominatorUnits:
			return fmt.Errorf("element %q: code is reserved for counting reporting units", e.Code)
		}
		switch e.Type {
		case ElementCount, ElementDecimal, ElementYesNo, ElementChoice, ElementText:
		default:
			return fmt.Errorf("element %q: type %q is not count, decimal, yesno, choice or text", e.Code, e.Type)
		}
		seen[e.Code] = true
	}
	return nil
}

// checkPartElements makes sure every numerator and denominator names a
// stored element, so a typo in a form's codes fails the seed, not a report.
func checkPartElements(parts []IndicatorPart, known map[string]bool) error {
	var errs []error
	for _, p := range parts {
		if !known[p.NumeratorCode] {
			errs = append(errs, fmt.Errorf("indicator part %s: numerator element %q is not defined", p.Code, p.NumeratorCode))
		}
		if p.DenominatorCode != "" && p.DenominatorCode != DenominatorUnits && !known[p.DenominatorCode] {
			errs = append(errs, fmt.Errorf("indicator part %s: denominator element %q is not defined", p.Code, p.DenominatorCode))
		}
	}
	return errors.Join(errs...)
}
