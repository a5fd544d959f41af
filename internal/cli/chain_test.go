package cli_test

import (
	"encoding/csv"
	"maps"
	"strconv"
	"strings"
	"testing"

	"treembot/flows"
	"treembot/internal/cli/clitest"
	"treembot/locales"
)

// chainNow is a morning in the annual period's window, before the
// villages' deadline (10/11) and the commune's (15/11).
const chainNow = "2025-11-05T08:00:00+07:00"

// villageFigures are two villages' reports; VQ-XL-02's first version has
// an under-5 count the officer finds short of the register; they return it, the collaborator
// corrects it to 70.
var villageFigures = map[string]map[string]string{
	"VQ-XL-01": {"children_u1": "12", "children_u5": "60", "children_u8": "95", "children_u16": "1210",
		"u8_ecd_access": "90", "special_circumstances": "3", "special_assisted": "3", "abuse_cases": "0",
		"child_labour": "0", "accident_injuries": "2", "accident_deaths": "0", "disaster_affected": "4",
		"disaster_helped": "4", "child_marriages": "1", "marriages": "8", "u5_birth_unregistered": "2",
		"data_source": "records", "difficulties": "Thiếu kinh phí", "proposals": ""},
	"VQ-XL-02": {"children_u1": "9", "children_u5": "50", "children_u8": "80", "children_u16": "900",
		"u8_ecd_access": "70", "special_circumstances": "1", "special_assisted": "1", "abuse_cases": "0",
		"child_labour": "0", "accident_injuries": "1", "accident_deaths": "0", "disaster_affected": "0",
		"child_marriages": "0", "marriages": "5", "u5_birth_unregistered": "0",
		"data_source": "records", "difficulties": "", "proposals": "Tập huấn cho cộng tác viên"},
}

// communeOwn is what only the commune knows, typed by its officer.
var communeOwn = map[string]string{"live_births": "30", "deaths_u28d": "0", "deaths_u1": "1", "deaths_u5": "1",
	"u5_birth_registered": "75", "child_friendly": "1", "child_friendly_year": "2023", "play_space": "0",
	"data_source": "records", "difficulties": "Thiếu kinh phí hoạt động", "proposals": ""}

// educationFigures is the education office's annual report.
var educationFigures = map[string]string{"schools_total": "40", "schools_sanitation": "40", "schools": "36",
	"schools_psych_support": "30", "schools_disability_access": "20", "u5_assessed": "500", "u5_developing": "495",
	"age5_children": "200", "age5_enrolled": "199", "primary_enrolled": "3000", "primary_dropouts": "1",
	"primary_final_grade": "600", "primary_completed": "600", "lower_secondary_enrolled": "2500",
	"lower_secondary_dropouts": "20", "lower_secondary_final_grade": "550", "lower_secondary_completed": "540",
	"disabled_need_school": "30", "disabled_included": "28", "pupils_total": "5500",
	"pupils_participation_aware": "5400", "pupils_7plus": "5000", "pupils_7plus_consulted": "4800",
	"pupils_11plus": "2800", "pupils_11plus_participating": "2500",
	"difficulties": "Thiếu phòng học", "proposals": "Bổ sung giáo viên"}

// typed is how a person types a stored value: counts as digits, yes/no
// as "có"/"không", a choice as its number, text as it is ("bỏ qua" for
// an optional one left empty).
func typed(q *flows.Question, value string) string {
	switch q.Type {
	case flows.TypeYesNo:
		if value == "1" {
			return "có"
		}
		return "không"
	case flows.TypeChoice:
		for i, c := range q.Choices {
			if c.Code == value {
				return strconv.Itoa(i + 1)
			}
		}
	case flows.TypeText:
		if value == "" {
			return "bỏ qua"
		}
	}
	return value
}

// script answers a form's questions that are still open, in form order,
// then confirms.
func script(t *testing.T, formID string, answers map[string]string, open func(id string) bool) string {
	t.Helper()
	forms, err := flows.LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	lines := []string{"/report"}
	for _, q := range flows.NewEngine(locales.MustLoad()).Questions(forms[formID], answers) {
		if !open(q.ID) {
			continue
		}
		v, ok := answers[q.ID]
		if !ok {
			t.Fatalf("%s: no answer for %s", formID, q.ID)
		}
		lines = append(lines, typed(q, v))
	}
	return strings.Join(append(lines, "xác nhận"), "\n") + "\n"
}

func every(string) bool { return true }

// exported reads `treembot export` into unit → element → value, with the
// status of each row.
func exported(t *testing.T, env func(string) string, period string) (map[string]map[string]string, map[string]string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(clitest.Run(t, env, "", "export", "--period", period))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	values, status := map[string]map[string]string{}, map[string]string{}
	for _, r := range rows[1:] {
		if values[r[1]] == nil {
			values[r[1]] = map[string]string{}
		}
		values[r[1]][r[3]] = r[4]
		status[r[1]] = r[5]
	}
	return values, status
}

// The reporting chain end to end, as the district would use it: two
// villages send, the officer returns one, it is resent, the officer sends
// the commune report starting from the villages' sums, the education
// office sends its own; the export holds exactly the typed figures and
// the commune report the villages' sums.
func TestReportingChainInTheTerminal(t *testing.T) {
	env := clitest.Env(t)
	chat := func(stdin string, as ...string) string {
		return clitest.Run(t, env, stdin, append([]string{"chat", "--now", chainNow}, as...)...)
	}
	for _, unit := range []string{"VQ-XL-01", "VQ-XL-02"} {
		out := chat(script(t, "village_report", villageFigures[unit], every), "--as", "collaborator", "--unit", unit)
		mustContain(t, out, "✅ Đã gửi báo cáo.")
	}
	out := chat("/return VQ-XL-02 2025-Y Số trẻ dưới 5 tuổi chưa khớp sổ theo dõi\n", "--as", "officer", "--unit", "VQ-XL")
	mustContain(t, out, "Đã trả lại báo cáo")
	fixed := maps.Clone(villageFigures["VQ-XL-02"])
	fixed["children_u5"] = "70"
	out = chat("/report\nsửa 2\n70\nxác nhận\n", "--as", "collaborator", "--unit", "VQ-XL-02")
	mustContain(t, out, "Số trẻ dưới 5 tuổi chưa khớp sổ theo dõi") // the reason, shown again
	mustContain(t, out, "✅ Đã gửi báo cáo.")

	// The commune report starts from the two villages' sums.
	sums := map[string]string{}
	for _, figures := range []map[string]string{villageFigures["VQ-XL-01"], fixed} {
		for code, v := range figures {
			if n, err := strconv.Atoi(v); err == nil && code != "data_source" {
				prev, _ := strconv.Atoi(sums[code])
				sums[code] = strconv.Itoa(prev + n)
			}
		}
	}
	commune := maps.Clone(sums)
	maps.Copy(commune, communeOwn)
	prefilled := func(id string) bool { _, ok := sums[id]; return !ok }
	out = chat(script(t, "commune_report", commune, prefilled), "--as", "officer", "--unit", "VQ-XL")
	mustContain(t, out, "Đã nhận báo cáo của 2/3 đơn vị trực thuộc. Chưa gửi: Thôn Khòn Khuyến.")
	mustContain(t, out, "✅ Đã gửi báo cáo.")

	out = chat(script(t, "office_gddt", educationFigures, every), "--as", "official", "--unit", "GDDT")
	mustContain(t, out, "✅ Đã gửi báo cáo.")

	checkChainSummary(t, env, chat("/summary 2025-Y\n", "--as", "admin"))
	values, status := exported(t, env, "2025-Y")
	want := map[string]map[string]string{"VQ-XL-01": villageFigures["VQ-XL-01"], "VQ-XL-02": fixed,
		"VQ-XL": commune, "VQ": educationFigures}
	for unit, figures := range want {
		if status[unit] != "submitted" {
			t.Errorf("%s's report is %q in the export, want submitted", unit, status[unit])
		}
		for code, v := range figures {
			if got, ok := values[unit][code]; !ok && v != "" || got != v {
				t.Errorf("export %s %s = %q, want %q", unit, code, got, v)
			}
		}
	}
	if len(values) != len(want) {
		t.Errorf("export has reports of %v, want exactly %d units'", keys(values), len(want))
	}
}

// checkChainSummary checks the admin's /summary after the chain: a value
// for every part whose source form has a counted report (the commune's
// and the education office's), none for the others, indicator 1 over the
// one commune that reported (not its villages), and completeness counted
// in communes and offices.
func checkChainSummary(t *testing.T, env func(string) string, summary string) {
	t.Helper()
	mustContain(t, summary, "đã nhận 1/3 (1 đúng hạn, 0 muộn); còn 2 chưa gửi")
	mustContain(t, summary, "Báo cáo năm của các phòng, ban: đã nhận 1/5")
	rows := map[string][]string{}
	for _, line := range strings.Split(summary, "\n") {
		if f := strings.Fields(line); len(f) >= 3 {
			rows[f[0]] = f
		}
	}
	for _, line := range strings.Split(clitest.Run(t, env, "", "plan", "parts"), "\n")[1:] {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		part, source := f[0], f[1]
		row, ok := rows[part]
		switch {
		case !ok:
			t.Errorf("the summary has no row for part %s", part)
		case source == "commune_report" || source == "office_gddt":
			if row[1] == "—" {
				t.Errorf("part %s (from %s, which was sent) shows no value: %v", part, source, row)
			}
		case row[1] != "—":
			t.Errorf("part %s (from %s, which nobody sent) shows %s", part, source, row[1])
		}
	}
	if got := rows["1"]; got == nil || got[1] != "100%" {
		t.Errorf("indicator 1 = %v, want 100%% (the one commune that reported meets the standard)", got)
	}
}

func keys(m map[string]map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func mustContain(t *testing.T, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Fatalf("output lacks %q:\n%s", want, got)
	}
}
