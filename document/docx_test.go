package document

import (
	"slices"
	"strings"
	"testing"

	"treembot/document/documenttest"
	"treembot/locales"
)

// wordText is what a reader sees in word/document.xml (documenttest.Text).
type wordText struct {
	paragraphs []string
	tables     [][][]string
}

// readDOCX reads a .docx back as documenttest does, failing the test when
// it is not a well-formed Word package.
func readDOCX(t testing.TB, raw []byte) wordText {
	t.Helper()
	w, err := documenttest.ReadDOCX(raw)
	if err != nil {
		t.Fatal(err)
	}
	return wordText{paragraphs: w.Paragraphs, tables: w.Tables}
}

func renderDOCX(t testing.TB, r *Report) []byte { return rendered(t, r, DOCX) }

func TestDOCXHoldsTheHeaderTitleAndSignature(t *testing.T) {
	w := readDOCX(t, renderDOCX(t, communeReport(locales.VI)))
	for _, want := range []string{"ỦY BAN NHÂN DÂN", "XÃ XUÂN LONG", "Số:        /BC-UBND",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Xuân Long, ngày 03 tháng 5 năm 2025",
		"BÁO CÁO", "Kết quả thực hiện Kế hoạch thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị về tăng cường " +
			"công tác chăm sóc, giáo dục và bảo vệ trẻ em (6 tháng đầu năm 2025)",
		"I. TÌNH HÌNH GỬI BÁO CÁO", "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "III. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ",
		"- Chưa gửi (1): Thôn Khòn Khuyến.", "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"} {
		if !slices.Contains(w.paragraphs, want) {
			t.Errorf("no paragraph %q in\n%s", want, strings.Join(w.paragraphs, "\n"))
		}
	}
	if !slices.Contains(w.paragraphs, SummaryParagraph(cat, communeReport(locales.VI))) {
		t.Error("the summary paragraph is missing")
	}
}

func TestDOCXHasOneTableRowPerPartWithItsFigureAndStatus(t *testing.T) {
	r := communeReport(locales.VI)
	w := readDOCX(t, renderDOCX(t, r))
	head := []string{"Mã", "Chỉ tiêu", "Kết quả", "Mục tiêu 2025", "Mục tiêu 2030", "Đánh giá (2025)"}
	i := slices.IndexFunc(w.tables, func(tab [][]string) bool { return slices.Equal(tab[0], head) })
	if i < 0 {
		t.Fatalf("no table headed %q in %q", head, w.tables)
	}
	status := map[string]string{StatusMet: "Đạt", StatusNotMet: "Chưa đạt", StatusNoData: "Chưa có số liệu", StatusNoTarget: "Chưa đặt mục tiêu"}
	got := w.tables[i][1:]
	if len(got) != len(r.Parts) {
		t.Fatalf("%d rows after the header, want %d: %q", len(got), len(r.Parts), got)
	}
	for j, p := range r.Parts {
		want := []string{p.Code, p.Name, p.Figure, p.Target2025, p.Target2030, status[p.Status]}
		if !slices.Equal(got[j], want) {
			t.Errorf("row %d = %q, want %q", j, got[j], want)
		}
	}
	if got[1][2] != "7,1‰" || got[1][5] != "Đạt" || got[4][5] != "Chưa có số liệu" {
		t.Errorf("3a and 13 read %q and %q", got[1], got[4])
	}
}

// Reporters' words reach the document intact, markup characters included,
// attributed to their village; a newer draft does not.
func TestDOCXQuotesTheRemarksEscaped(t *testing.T) {
	w := readDOCX(t, renderDOCX(t, communeReport(locales.VI)))
	for _, want := range []string{"1. Thôn Nà Lùng", `- Khó khăn, vướng mắc: Thiếu kinh phí <hỗ trợ> & "người làm"`,
		"2. Thôn Bản Khuông", "- Đề xuất, kiến nghị: Đề nghị tập huấn cho cộng tác viên"} {
		if !slices.Contains(w.paragraphs, want) {
			t.Errorf("no paragraph %q", want)
		}
	}
	all := strings.Join(w.paragraphs, "\n")
	if strings.Contains(all, "Bản nháp") || strings.Contains(all, "Chưa gửi nên không tính") {
		t.Error("an uncounted draft's text is in the document")
	}
}

func TestDOCXSurvivesControlCharactersAndSpeaksEnglish(t *testing.T) {
	r := communeReport(locales.EN)
	r.Remarks[0].Items[0].Text = "tab\there, bell\a, <b>bold</b>"
	w := readDOCX(t, renderDOCX(t, r))
	for _, want := range []string{"REPORT", "SOCIALIST REPUBLIC OF VIETNAM", "Xuân Long, May 3, 2025",
		"- Difficulties: tab\there, bell, <b>bold</b>"} {
		if !slices.Contains(w.paragraphs, want) {
			t.Errorf("no paragraph %q in\n%s", want, strings.Join(w.paragraphs, "\n"))
		}
	}
}
