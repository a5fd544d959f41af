package bot

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"treembot/document/documenttest"
	"treembot/flows"
	"treembot/storage"
)

// wordFile checks msgs are one message carrying the named .docx and reads
// it back.
func wordFile(t *testing.T, msgs []Message, name string) *documenttest.Text {
	t.Helper()
	if len(msgs) != 1 || msgs[0].Document == nil || msgs[0].Document.Name != name {
		t.Fatalf("got %+v, want one message with %s", msgs, name)
	}
	w, err := documenttest.ReadDOCX(msgs[0].Document.Bytes)
	if err != nil {
		t.Fatalf("%s is not a Word file: %v", name, err)
	}
	return w
}

// The "done" check, along the reporting chain: the villages of
// Xuân Long report, the commune officer sends the commune report in the
// chat, and /vanban returns the commune's document with the figures the
// commune sent, ready to number and sign.
func TestVanbanAfterTheCommuneReportIsSent(t *testing.T) {
	h := newReportHarness(t)
	for _, v := range []string{"VQ-XL-01", "VQ-XL-02", "VQ-XL-03"} {
		h.submitted(v, map[string]string{"live_births": "10", "deaths_u28d": "0"})
	}
	h.send(demoOfficer, "/report")
	h.answerUntilReview(demoOfficer)
	mustContain(t, h.press(demoOfficer, "rev:confirm"), "✅ Đã gửi báo cáo.")

	msgs := h.messages(demoOfficer, "/vanban")
	w := wordFile(t, msgs, "baocao-VQ-XL-2025-H1.docx")
	mustContain(t, msgs[0].Text, h.vi("document_caption", map[string]any{"Period": "2025-H1", "Unit": "Xã Xuân Long"}))
	for _, want := range []string{"ỦY BAN NHÂN DÂN", "XÃ XUÂN LONG", "Số:        /BC-UBND", "TM. ỦY BAN NHÂN DÂN",
		"Thiếu kinh phí <b>tập huấn</b>"} {
		if !w.HasParagraph(want) && !strings.Contains(strings.Join(w.Paragraphs, "\n"), want) {
			t.Errorf("the document has no %q", want)
		}
	}
	// The commune answered 3 children in special circumstances, 3 of
	// them helped; 8 marriages, 1 of a child.
	for code, figure := range map[string]string{"8b": "100%", "13": "12,5%"} {
		if row := w.Row(code); row == nil || row[2] != figure {
			t.Errorf("row %s = %q, want the figure %s", code, row, figure)
		}
	}
}

// An official gets their office's report: only the indicators the office
// owns, the office as the issuer under the district's committee, signed
// by its head; an admin gets the district's consolidated report.
func TestDocumentForAnOfficeAndForTheDistrict(t *testing.T) {
	h := newReportHarness(t)
	h.submittedOn("VQ", "office_yte", "2025-Y", map[string]string{"live_births": "200", "deaths_u28d": "1"})
	office := h.messages(demoOfficial, "/document 2025-Y")
	w := wordFile(t, office, "baocao-VQ-2025-Y.docx")
	mustContain(t, office[0].Text, "của Trung tâm Y tế")
	if !slices.ContainsFunc(w.Paragraphs, func(p string) bool { return strings.HasPrefix(p, "Trung tâm Y tế báo cáo kết quả") }) {
		t.Error("the office's document does not say the health centre reports")
	}
	for _, want := range []string{"UBND HUYỆN VĂN QUAN", "TRUNG TÂM Y TẾ", "Số:        /BC-YTE", "GIÁM ĐỐC"} {
		if !w.HasParagraph(want) {
			t.Errorf("the office's document has no paragraph %q", want)
		}
	}
	if row := w.Row("3a"); row == nil || row[2] != "5‰" {
		t.Errorf("3a = %q, want 5‰ (1 death in 200 births)", row)
	}
	for _, code := range partCodes(w) { // the health centre owns indicators 3 to 6
		if !strings.ContainsAny(code[:1], "3456") || len(code) > 1 && code[1] >= '0' && code[1] <= '9' {
			t.Errorf("the health centre's report lists part %s of another office", code)
		}
	}

	d := wordFile(t, h.messages(demoAdmin, "/vanban 2025-Y"), "baocao-VQ-2025-Y.docx")
	for _, want := range []string{"HUYỆN VĂN QUAN", "TM. ỦY BAN NHÂN DÂN"} {
		if !d.HasParagraph(want) {
			t.Errorf("the district's document has no paragraph %q", want)
		}
	}
	if n, all := len(partCodes(d)), len(partCodes(w)); n <= all {
		t.Errorf("the district's report lists %d parts, the office's %d: it must list every office's", n, all)
	}
}

// partCodes are the codes in the indicator table's rows.
func partCodes(w *documenttest.Text) []string {
	for _, tab := range w.Tables {
		if len(tab) > 1 && len(tab[0]) > 0 && tab[0][0] == "Mã" {
			var out []string
			for _, row := range tab[1:] {
				out = append(out, row[0])
			}
			return out
		}
	}
	return nil
}

// deliverOn sends text from an account on another channel.
func (h *harness) deliverOn(channel, user, text string) []Message {
	h.t.Helper()
	h.nextUpd++
	return h.deliver(Update{Channel: channel, UpdateID: "d" + strconv.Itoa(h.nextUpd), ChatID: user, UserID: user,
		UserName: "Lan", LangCode: "vi", Kind: KindMessage, Text: text})
}

// Zalo's Official Account gets the PDF and how to get the Word file; the
// Zalo Bot API, which cannot send files, gets the CLI line instead.
func TestDocumentOnZaloChannels(t *testing.T) {
	h := newReportHarness(t)
	h.submitted("VQ-XL-01", map[string]string{"live_births": "10", "deaths_u28d": "0"})
	h.on("zalo_oa", "oa-1", "/link "+h.linkCode(demoOfficer))
	h.on("zalo", "zb-1", "/link "+h.linkCode(demoOfficer))
	codes := map[string]any{"Period": "2025-H1", "Unit": "VQ-XL"}

	oa := h.deliverOn("zalo_oa", "oa-1", "/vanban")
	if len(oa) != 1 || oa[0].Document == nil || oa[0].Document.Name != "baocao-VQ-XL-2025-H1.pdf" ||
		!bytes.HasPrefix(oa[0].Document.Bytes, []byte("%PDF")) {
		t.Fatalf("Zalo OA got %+v, want one PDF", oa)
	}
	mustContain(t, oa[0].Text, h.vi("document_pdf_only", codes))

	bot := h.deliverOn("zalo", "zb-1", "/vanban")
	if len(bot) != 1 || bot[0].Document != nil || bot[0].Photo != nil || bot[0].Text != h.vi("document_no_files", codes) {
		t.Fatalf("Zalo Bot API got %+v, want the CLI line and no file", bot)
	}
}

// A mistyped argument gets the usual answer and how to ask.
func TestDocumentUsage(t *testing.T) {
	h := newReportHarness(t)
	got := h.send(demoOfficer, "/vanban NOPE")
	mustContain(t, got, h.vi("reports_unit_unknown", map[string]any{"Code": "NOPE"}))
	mustContain(t, got, h.vi("document_usage"))
}

// Offices report on the same district with the same questions: an
// office's document quotes only the answers given in its own form.
func TestAnOfficeQuotesOnlyItsOwnForm(t *testing.T) {
	h := newReportHarness(t)
	rows := []storage.ExportRow{{UnitCode: "VQ", ElementCode: "difficulties", Value: "Y tế", FormID: "office_yte"},
		{UnitCode: "VQ", ElementCode: "difficulties", Value: "Giáo dục", FormID: "office_gddt"},
		{UnitCode: "VQ-XL-01", ElementCode: "difficulties", Value: "Thôn", FormID: "village_report"}}
	got := formAnswers(rows, h.router.formFor(flows.ReporterOffice, "YTE"))
	if len(got) != 1 || got[0].Value != "Y tế" {
		t.Errorf("the health centre's answers = %+v", got)
	}
	if formAnswers(rows, nil) != nil {
		t.Error("an office without a form quotes answers")
	}
}
