package cli_test

import (
	"maps"
	"strconv"
	"strings"
	"testing"

	"treembot/flows"
	"treembot/internal/cli/clitest"
	"treembot/locales"
)

// A village that sends after the commune officer opened the commune
// report is not silently left out: when the officer comes back, and again
// at the review, the figures that no longer match the villages' reports
// are named with their question numbers; the officer takes the new total
// for one with "sửa N" and keeps another, and the commune report sent
// holds exactly that.
func TestACommuneReportNamesTheFiguresAVillageChangedLater(t *testing.T) {
	env := clitest.Env(t)
	chat := func(stdin string, as ...string) string {
		return clitest.Run(t, env, stdin, append([]string{"chat", "--now", chainNow}, as...)...)
	}
	out := chat(script(t, "village_report", villageFigures["VQ-XL-01"], every), "--as", "collaborator", "--unit", "VQ-XL-01")
	mustContain(t, out, "✅ Đã gửi báo cáo.")
	out = chat("/report\n", "--as", "officer", "--unit", "VQ-XL")
	mustContain(t, out, "Đã nhận báo cáo của 1/3 đơn vị trực thuộc.")
	if strings.Contains(out, "⚠️ Số liệu dưới đây khác") {
		t.Errorf("a fresh commune report, summed just now, warns of a difference:\n%s", out)
	}
	out = chat(script(t, "village_report", villageFigures["VQ-XL-02"], every), "--as", "collaborator", "--unit", "VQ-XL-02")
	mustContain(t, out, "✅ Đã gửi báo cáo.")

	// The draft holds VQ-XL-01's figures; the villages now add up to both.
	commune := map[string]string{}
	for code, v := range villageFigures["VQ-XL-01"] {
		if _, err := strconv.Atoi(v); err == nil {
			commune[code] = v
		}
	}
	maps.Copy(commune, communeOwn)
	commune["u5_birth_registered"] = "50" // under VQ-XL-01's 60 under-5s: no "đúng không?" to answer
	forms, err := flows.LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	number := map[string]int{}
	label := map[string]string{}
	for i, q := range flows.NewEngine(locales.MustLoad()).Questions(forms["commune_report"], commune) {
		number[q.ID], label[q.ID] = i+1, q.Label.In(locales.VI, "Xã Xuân Long")
	}
	line := func(code, report, sum string) string {
		return "• Câu " + strconv.Itoa(number[code]) + ". " + label[code] + ": báo cáo ghi " + report + ", tổng các đơn vị là " + sum
	}
	u1, u5 := line("children_u1", "12", "21"), line("children_u5", "60", "110")
	summed := func(id string) bool {
		_, ok := villageFigures["VQ-XL-01"][id]
		return !ok || id == "data_source" || id == "difficulties" || id == "proposals"
	}
	answers := strings.TrimSuffix(script(t, "commune_report", commune, summed), "xác nhận\n")
	out = chat(answers+"sửa "+strconv.Itoa(number["children_u1"])+"\n21\nxác nhận\n", "--as", "officer", "--unit", "VQ-XL")
	// Named when the officer comes back and at the first review; after
	// "sửa N" the review names only what still differs.
	if n := strings.Count(out, u1); n != 2 {
		t.Errorf("%q shown %d times, want on resuming and at the first review only:\n%s", u1, n, out)
	}
	if n := strings.Count(out, u5); n != 3 {
		t.Errorf("%q shown %d times, want on resuming and at both reviews:\n%s", u5, n, out)
	}
	mustContain(t, out, "✅ Đã gửi báo cáo.")

	values, _ := exported(t, env, "2025-Y")
	if got := values["VQ-XL"]["children_u1"]; got != "21" {
		t.Errorf("commune children_u1 = %q, want the new total the officer took, 21", got)
	}
	if got := values["VQ-XL"]["children_u5"]; got != "60" {
		t.Errorf("commune children_u5 = %q, want 60, the figure the officer kept", got)
	}
}

// A village report returned after the commune report was summed stops
// counting: the officer coming back is told the villages now add up to
// nothing for the figures the draft still holds from it.
func TestACommuneReportNamesTheFiguresOfAReturnedVillage(t *testing.T) {
	env := clitest.Env(t)
	chat := func(stdin string, as ...string) string {
		return clitest.Run(t, env, stdin, append([]string{"chat", "--now", chainNow}, as...)...)
	}
	mustContain(t, chat(script(t, "village_report", villageFigures["VQ-XL-01"], every), "--as", "collaborator", "--unit", "VQ-XL-01"), "✅ Đã gửi báo cáo.")
	mustContain(t, chat("/report\n", "--as", "officer", "--unit", "VQ-XL"), "Đã nhận báo cáo của 1/3 đơn vị trực thuộc.")
	mustContain(t, chat("/return VQ-XL-01 2025-Y Số trẻ chưa khớp sổ\n", "--as", "officer", "--unit", "VQ-XL"), "Đã trả lại báo cáo")
	out := chat("/report\n", "--as", "officer", "--unit", "VQ-XL")
	mustContain(t, out, "Đã nhận báo cáo của 0/3 đơn vị trực thuộc.")
	mustContain(t, out, "Số trẻ em dưới 1 tuổi đang ở Xã Xuân Long: báo cáo ghi 12, tổng các đơn vị là 0")
}
