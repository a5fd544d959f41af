package reports_test

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"strings"
	"testing"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/xuri/excelize/v2"
	"golang.org/x/image/font/sfnt"

	"treembot/locales"
	"treembot/reports"
)

// exportFixture is the demo district's year: two communes sent their
// report, one is drafting it, a village sent its own, and the health
// centre sent its annual report.
func exportFixture(t *testing.T) (*fixture, *reports.Workbook) {
	t.Helper()
	f := newFixture(t)
	f.report("VQ-XL", "2025-Y", yearOnTime, false, map[string]string{"child_friendly": "1", "child_labour": "0"})
	f.report("VQ-TT", "2025-Y", yearOnTime, false, map[string]string{"child_friendly": "0", "child_labour": "2",
		"difficulties": "Thiếu kinh phí"})
	f.report("VQ-TD", "2025-Y", yearOnTime, true, map[string]string{"child_labour": "7"})
	f.report("VQ-XL-01", "2025-Y", yearOnTime, false, map[string]string{"child_labour": "0"})
	f.file("office_yte", "VQ", "2025-Y", yearOnTime, false, map[string]string{"live_births": "100", "deaths_u28d": "1"})
	wb, err := f.svc.Workbook(context.Background(), yearReq(f, "VQ"))
	if err != nil {
		t.Fatal(err)
	}
	return f, wb
}

func TestWorkbookOpensWithSheetsFiguresAndFrozenHeaders(t *testing.T) {
	t.Parallel()
	_, wb := exportFixture(t)
	var buf bytes.Buffer
	if err := reports.WriteXLSX(&buf, locales.MustLoad(), locales.VI, wb); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the file does not open as .xlsx: %v", err)
	}
	defer x.Close()
	want := []string{"GDDT", "LDTBXH", "TUPHAP", "VHTT", "YTE", "Tình hình nộp", "Số liệu gốc"}
	if got := x.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets = %v, want %v", got, want)
	}
	raw := excelize.Options{RawCellValue: true}
	cell := func(sheet, ref string) string {
		t.Helper()
		v, err := x.GetCellValue(sheet, ref, raw)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	rows, err := x.GetRows("YTE")
	if err != nil {
		t.Fatal(err)
	}
	// Part 3a for the whole district (row 2), then each commune.
	wantRow := map[string]string{"A": "3a", "C": "Toàn Huyện Văn Quan", "D": "1", "E": "100", "F": "10",
		"G": "9.5", "H": "Chưa đạt", "I": "0.5", "J": "9", "K": "Chưa đạt", "L": "1"}
	for col, w := range wantRow {
		if got := cell("YTE", col+"2"); got != w {
			t.Errorf("YTE!%s2 = %q, want %q", col, got, w)
		}
	}
	// Communes by code: Tân Đoàn, the township, Xuân Long; the health centre reports for the whole district.
	if got := cell("YTE", "C3"); got != "Xã Tân Đoàn" || cell("YTE", "F3") != "" || cell("YTE", "H3") != "Chưa có số liệu" {
		t.Errorf("Tân Đoàn: row 3 = %v", rows[2])
	}
	if got := cell("YTE", "C5"); got != "Xã Xuân Long" || cell("YTE", "F5") != "" {
		t.Errorf("Xuân Long: row 5 = %v", rows[4])
	}
	if shown, _ := x.GetCellValue("YTE", "G2"); shown != "< 9.5 ‰" {
		t.Errorf("target shown as %q, want the bound and unit with the number", shown)
	}
	for _, sheet := range x.GetSheetList() {
		panes, err := x.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header row not frozen: %+v %v", sheet, panes, err)
		}
	}
	if got := cell("LDTBXH", "F2"); got != "50" {
		t.Errorf("part 1 (share of reporting communes meeting the standard) = %q, want 50", got)
	}
	comp, _ := x.GetRows("Tình hình nộp")
	// The communes, then the offices' reports; no village at the district.
	if len(comp) != 12 || comp[1][3] != "Xã Tân Đoàn" || comp[1][4] != "đang nhập dở" || comp[3][4] != "đã gửi đúng hạn" ||
		comp[3][5] != "10/11/2025 09:00" || comp[4][0] != "Trung tâm Y tế" || comp[4][4] != "đã gửi đúng hạn" ||
		comp[5][0] != "Phòng Giáo dục và Đào tạo" || comp[5][4] != "chưa bắt đầu" {
		t.Errorf("completeness sheet = %q", comp)
	}
	if got := cell("Tình hình nộp", "A11") + cell("Tình hình nộp", "A12"); !strings.Contains(got, "Báo cáo của xã: đã nhận 2/3") ||
		!strings.Contains(got, "phòng, ban: đã nhận 1/5") {
		t.Errorf("completeness totals = %q", got)
	}
	rawRows, _ := x.GetRows("Số liệu gốc")
	if len(rawRows) != 1+9 { // 2 + 3 values of the communes, 1 in a draft, 1 of a village, 2 of the health centre
		t.Errorf("raw sheet has %d rows, want a header and 9 values", len(rawRows))
	}
}

func TestChartIsAPNGWithTheRightSize(t *testing.T) {
	t.Parallel()
	_, wb := exportFixture(t)
	idx, _, ok := reports.FindPart(wb.Breakdown.Parts, "3A")
	if !ok {
		t.Fatal("part 3a not found")
	}
	data, err := reports.ChartPNG(locales.MustLoad(), locales.VI, wb.Breakdown, idx)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 700 || b.Dx() > 800 || b.Dy() < 420 || b.Dy() > 480 {
		t.Errorf("chart is %dx%d, want about 756x454", b.Dx(), b.Dy())
	}
	blue := 0 // the bars' colour
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r>>8 == 0x2f && g>>8 == 0x6f && b>>8 == 0xb5 {
				blue++
			}
		}
	}
	if blue < 500 {
		t.Errorf("only %d bar pixels: the district's bar (10 ‰, from the health centre's report) is missing", blue)
	}
	if dir := os.Getenv("TREEMBOT_CHART_DIR"); dir != "" { // to look at it
		_ = os.WriteFile(dir+"/chart-3a.png", data, 0o644)
	}
}

func TestFindPartByPartOrIndicatorCode(t *testing.T) {
	t.Parallel()
	_, wb := exportFixture(t)
	if i, _, ok := reports.FindPart(wb.Breakdown.Parts, "16"); !ok || wb.Breakdown.Parts[i].Part.Code != "16" {
		t.Error("indicator 16 has one part and should be found")
	}
	if _, choices, ok := reports.FindPart(wb.Breakdown.Parts, "4"); ok || strings.Join(choices, " ") != "4a 4b 4c-rural 4c-urban" {
		t.Errorf("indicator 4 should offer its parts, got %v", choices)
	}
	if _, choices, ok := reports.FindPart(wb.Breakdown.Parts, "99"); ok || len(choices) != 0 {
		t.Error("an unknown code must not be found")
	}
}

// Every letter a Vietnamese chart shows must exist in the chart font, or
// it would be drawn as a blank box.
func TestChartFontCoversVietnamese(t *testing.T) {
	t.Parallel()
	f, err := sfnt.Parse(liberationsansregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	_, wb := exportFixture(t)
	cat := locales.MustLoad()
	var text strings.Builder
	for _, p := range wb.Breakdown.Parts {
		text.WriteString(p.Part.NameVI + p.Part.NameEN)
	}
	for _, c := range wb.Breakdown.Children {
		text.WriteString(c.Unit.Name)
	}
	for _, id := range []string{"reports_chart_target", "reports_chart_no_data", "reports_chart_axis_percent",
		"reports_chart_axis_per_1000", "reports_chart_axis_count"} {
		text.WriteString(cat.T("vi", id, map[string]any{"Year": 2025}))
	}
	text.WriteString("ắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữựđĐ‰≤≥—·")
	var buf sfnt.Buffer
	for _, r := range text.String() {
		if r == ' ' || r == '\n' {
			continue
		}
		if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
			t.Errorf("the chart font has no glyph for %q", r)
		}
	}
	if reports.ChartFont.Typeface != "Liberation" || reports.ChartFont.Variant != "Sans" {
		t.Errorf("ChartFont = %+v, the checked font is Liberation Sans", reports.ChartFont)
	}
}
