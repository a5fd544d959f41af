package document

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"treembot/locales"
)

func renderPDF(t testing.TB, r *Report) []byte { return rendered(t, r, PDF) }

// rendered is r in format, or the test fails.
func rendered(t testing.TB, r *Report, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, cat, r, format); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPDFHoldsTheHeaderTitleAndSignature(t *testing.T) {
	raw := renderPDF(t, communeReport(locales.VI))
	if !bytes.HasPrefix(raw, []byte("%PDF-")) {
		t.Fatalf("starts with %q", raw[:min(8, len(raw))])
	}
	text := pdfText(t, raw)
	for _, want := range []string{"ỦY BAN NHÂN DÂN", "XÃ XUÂN LONG", "Số:        /BC-UBND",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Xuân Long, ngày 03 tháng 5 năm 2025",
		"BÁO CÁO", "I. TÌNH HÌNH GỬI BÁO CÁO", "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
		"III. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ", "- Chưa gửi (1): Thôn Khòn Khuyến.",
		"Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "1. Thôn Nà Lùng"} {
		if !slices.Contains(text, want) {
			t.Errorf("no line %q in\n%s", want, strings.Join(text, "\n"))
		}
	}
	joined := strings.Join(text, " ")
	for _, want := range []string{SummaryParagraph(cat, communeReport(locales.VI)),
		`- Khó khăn, vướng mắc: Thiếu kinh phí <hỗ trợ> & "người làm"`} {
		if !strings.Contains(joined, want) {
			t.Errorf("the text does not hold %q", want)
		}
	}
}

// Each part's cells follow its code in the order of the columns. A cell
// may wrap onto several lines: cellAt joins up to three.
func TestPDFTableShowsEachPartsFigureAndStatus(t *testing.T) {
	r := communeReport(locales.VI)
	text := pdfText(t, renderPDF(t, r))
	status := map[string]string{StatusMet: "Đạt", StatusNotMet: "Chưa đạt", StatusNoData: "Chưa có số liệu", StatusNoTarget: "Chưa đặt mục tiêu"}
	head := cellAt(text, "Đánh giá (2025)")
	if head < 0 {
		t.Fatalf("no table header in %q", text)
	}
	rest := text[head:]
	for _, p := range r.Parts {
		i := slices.Index(rest, p.Code)
		if i < 0 {
			t.Fatalf("part %s not found after the previous one", p.Code)
		}
		rest = rest[i+1:]
		for _, cell := range []string{p.Figure, p.Target2025, p.Target2030, status[p.Status]} {
			j := cellAt(rest[:min(6, len(rest))], cell)
			if j < 0 {
				t.Fatalf("part %s: %q is not among its next cells %q", p.Code, cell, rest[:min(6, len(rest))])
			}
			rest = rest[j:]
		}
	}
}

// cellAt finds text as one to three consecutive lines and returns the
// index after them, or -1.
func cellAt(lines []string, text string) int {
	for i := range lines {
		for n := 1; n <= 3 && i+n <= len(lines); n++ {
			if strings.Join(lines[i:i+n], " ") == text {
				return i + n
			}
		}
	}
	return -1
}

func TestPDFIsTheSameFileForTheSameReport(t *testing.T) {
	a, b := renderPDF(t, communeReport(locales.VI)), renderPDF(t, communeReport(locales.VI))
	if !bytes.Equal(a, b) {
		t.Error("two renderings of one report differ")
	}
}

func TestRenderPicksTheFormat(t *testing.T) {
	for _, in := range []string{"", "DOCX", " pdf "} {
		f, err := ParseFormat(in)
		if err != nil {
			t.Fatalf("ParseFormat(%q): %v", in, err)
		}
		var buf bytes.Buffer
		if err := Render(&buf, cat, communeReport(locales.VI), f); err != nil {
			t.Fatal(err)
		}
		magic := map[string]string{DOCX: "PK", PDF: "%PDF"}[f]
		if !bytes.HasPrefix(buf.Bytes(), []byte(magic)) {
			t.Errorf("format %q starts %q", in, buf.Bytes()[:4])
		}
	}
	if _, err := ParseFormat("odt"); err == nil || !strings.Contains(err.Error(), "docx or pdf") {
		t.Errorf("ParseFormat(odt) = %v", err)
	}
}
