package storagetest

import "treembot/storage"

// CommuneElements is a stand-in for the commune form's questions, with the
// element codes the indicator parts refer to, for tests that do not load
// the real form.
func CommuneElements() []storage.DataElement {
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
		count("live_births", "Số trẻ đẻ sống", "Live births"),
		count("deaths_u28d", "Số trẻ tử vong dưới 28 ngày tuổi", "Deaths under 28 days"),
		count("deaths_u1", "Số trẻ tử vong dưới 1 tuổi", "Deaths under 1"),
		count("deaths_u5", "Số trẻ tử vong dưới 5 tuổi", "Deaths under 5"),
		count("u5_measured", "Số trẻ dưới 5 tuổi được cân, đo", "Under-5 weighed and measured"),
		count("u5_underweight", "Số trẻ suy dinh dưỡng thể nhẹ cân", "Underweight"),
		count("u5_stunted", "Số trẻ suy dinh dưỡng thể thấp còi", "Stunted"),
		count("u5_obese", "Số trẻ béo phì", "Obese"),
		count("u1_fully_immunised", "Số trẻ dưới 1 tuổi tiêm chủng đầy đủ", "Under-1 fully immunised"),
		count("u5_fully_immunised", "Số trẻ dưới 5 tuổi tiêm chủng đầy đủ", "Under-5 fully immunised"),
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
		count("u5_birth_registered", "Số trẻ dưới 5 tuổi được đăng ký khai sinh", "Under-5 birth registered"),
		count("age5_children", "Số trẻ 5 tuổi", "5-year-olds"),
		count("age5_enrolled", "Số trẻ 5 tuổi đi học mẫu giáo", "5-year-olds enrolled"),
		other("child_friendly", storage.ElementYesNo, "Xã đạt tiêu chuẩn phù hợp với trẻ em?", "Child-friendly standard met?"),
		other("play_space", storage.ElementYesNo, "Xã có điểm vui chơi cho trẻ em?", "Play space for children?"),
		other("data_source", storage.ElementChoice, "Nguồn số liệu", "Data source"),
		other("difficulties", storage.ElementText, "Khó khăn, hạn chế", "Difficulties"),
		other("proposals", storage.ElementText, "Đề xuất, kiến nghị", "Proposals"),
	}
}
