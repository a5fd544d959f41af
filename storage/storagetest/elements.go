package storagetest

import "treembot/storage"

// PlanElements is a stand-in for every form's questions (flows'
// Elements), with every element code the indicator parts refer to, for
// tests that do not load the real forms: the village and commune counts,
// then each office's own figures with its office code.
func PlanElements() []storage.DataElement {
	return append(communeElements(), officeElements()...)
}

// communeElements are the questions of the village and commune forms.
func communeElements() []storage.DataElement {
	count := func(code, vi, en string) storage.DataElement {
		zero := 0.0
		return storage.DataElement{Code: code, LabelVI: vi, LabelEN: en, Type: storage.ElementCount, Min: &zero}
	}
	other := func(code, typ, vi, en string) storage.DataElement {
		return storage.DataElement{Code: code, LabelVI: vi, LabelEN: en, Type: typ}
	}
	return []storage.DataElement{
		count("children_u1", "Số trẻ em dưới 1 tuổi", "Children under 1"),
		count("children_u5", "Số trẻ em dưới 5 tuổi", "Children under 5"),
		count("children_u8", "Số trẻ em dưới 8 tuổi", "Children under 8"),
		count("children_u16", "Số trẻ em dưới 16 tuổi", "Children under 16"),
		count("u8_ecd_access", "Số trẻ dưới 8 tuổi được tiếp cận dịch vụ phát triển", "Under-8 with ECD access"),
		count("special_circumstances", "Số trẻ có hoàn cảnh đặc biệt", "Children in special circumstances"),
		count("special_assisted", "Số trẻ có hoàn cảnh đặc biệt được trợ giúp", "Of whom assisted"),
		count("abuse_cases", "Số trẻ bị xâm hại", "Children abused"),
		count("child_labour", "Số trẻ lao động trái quy định", "Child labour cases"),
		count("accident_injuries", "Số trẻ bị tai nạn thương tích", "Accident injuries"),
		count("accident_deaths", "Số trẻ tử vong do tai nạn thương tích", "Accident deaths"),
		count("disaster_affected", "Số trẻ gặp thiên tai", "Children hit by disaster"),
		count("disaster_helped", "Số trẻ gặp thiên tai được hỗ trợ", "Of whom helped"),
		count("marriages", "Số cuộc kết hôn", "Marriages"),
		count("child_marriages", "Số cuộc tảo hôn", "Child marriages"),
		count("u5_birth_unregistered", "Số trẻ dưới 5 tuổi chưa đăng ký khai sinh", "Under-5 birth not registered"),
		count("live_births", "Số trẻ đẻ sống", "Live births"),
		count("deaths_u28d", "Số trẻ tử vong dưới 28 ngày tuổi", "Deaths under 28 days"),
		count("deaths_u1", "Số trẻ tử vong dưới 1 tuổi", "Deaths under 1"),
		count("deaths_u5", "Số trẻ tử vong dưới 5 tuổi", "Deaths under 5"),
		count("u5_birth_registered", "Số trẻ dưới 5 tuổi được đăng ký khai sinh", "Under-5 birth registered"),
		other("child_friendly", storage.ElementYesNo, "Xã đạt tiêu chuẩn phù hợp với trẻ em?", "Child-friendly standard met?"),
		other("child_friendly_year", storage.ElementChoice, "Năm được công nhận", "Year recognised"),
		other("play_space", storage.ElementYesNo, "Xã có điểm vui chơi cho trẻ em?", "Play space for children?"),
		other("data_source", storage.ElementChoice, "Nguồn số liệu", "Data source"),
		other("difficulties", storage.ElementText, "Khó khăn, hạn chế", "Difficulties"),
		other("proposals", storage.ElementText, "Đề xuất, kiến nghị", "Proposals"),
	}
}

// officeElements are the offices' own figures (only office forms ask
// them), each with its office code.
func officeElements() []storage.DataElement {
	zero := 0.0
	defs := []struct{ code, office, vi, en string }{
		{"hiv_exposed_births", "YTE", "Số trẻ đẻ sống có mẹ nhiễm HIV", "Live births to HIV-positive mothers"},
		{"hiv_infected_infants", "YTE", "Số trẻ sinh ra từ mẹ nhiễm HIV được xác định nhiễm HIV", "Infants of HIV-positive mothers found HIV-positive"},
		{"u5_measured", "YTE", "Số trẻ dưới 5 tuổi được cân, đo", "Under-5 weighed and measured"},
		{"u5_underweight", "YTE", "Số trẻ suy dinh dưỡng thể nhẹ cân", "Underweight"},
		{"u5_stunted", "YTE", "Số trẻ suy dinh dưỡng thể thấp còi", "Stunted"},
		{"u5_obese", "YTE", "Số trẻ béo phì", "Obese"},
		{"u1_cohort", "YTE", "Số trẻ tròn 1 tuổi trong kỳ", "Children who turned 1"},
		{"u1_fully_immunised", "YTE", "Số trẻ tiêm đủ 8 loại vắc xin trước 1 tuổi", "Fully immunised before 1"},
		{"u5_fully_immunised", "YTE", "Số trẻ dưới 5 tuổi tiêm chủng đầy đủ", "Under-5 fully immunised"},
		{"schools_total", "GDDT", "Tổng số cơ sở giáo dục", "Education establishments, total"},
		{"schools", "GDDT", "Số trường học", "Schools"},
		{"schools_sanitation", "GDDT", "Số cơ sở giáo dục có công trình vệ sinh", "Education establishments with sanitation facilities"},
		{"schools_psych_support", "GDDT", "Số trường học có dịch vụ hỗ trợ tâm lý trẻ em", "Schools with psychological support services"},
		{"schools_disability_access", "GDDT", "Số trường học có cơ sở hạ tầng, tài liệu phù hợp với học sinh khuyết tật", "Schools with infrastructure and materials for disabled pupils"},
		{"age5_children", "GDDT", "Số trẻ 5 tuổi", "5-year-olds"},
		{"age5_enrolled", "GDDT", "Số trẻ 5 tuổi đi học mẫu giáo", "5-year-olds enrolled"},
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
		{"play_spaces", "VHTT", "Số điểm văn hóa, vui chơi cho trẻ em", "Play spaces for children"},
		{"play_space_communes", "VHTT", "Số xã có điểm vui chơi", "Communes with a play space"},
	}
	out := make([]storage.DataElement, 0, len(defs))
	for _, d := range defs {
		out = append(out, storage.DataElement{Code: d.code, LabelVI: d.vi, LabelEN: d.en,
			Type: storage.ElementCount, Min: &zero, OfficeCode: d.office})
	}
	return out
}
