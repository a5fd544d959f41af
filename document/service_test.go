package document

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"treembot/locales"
	"treembot/reports"
	"treembot/storage/storagetest"
)

// The whole way from stored answers: two villages of Xuân Long report,
// the officer sends the commune report with their sums, and the
// commune's document shows the commune's figure, the villages' timeliness
// and their words. This is the wiring /vanban and the CLI need: a
// Workbook (or a Summary and ScopeExportRows), then Build and Render.
func TestDocumentFromStoredReports(t *testing.T) {
	st, _ := storagetest.NewSeeded(t, nil)
	svc, err := reports.New(reports.Config{Source: st, Zone: storagetest.Zone()})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 5, 9, 9, 0, 0, 0, storagetest.Zone())
	storagetest.Store(t, st, storagetest.Report{Unit: "VQ-XL-01", Period: "2025-H1", Form: "village_report", At: day,
		Values: map[string]string{"marriages": "30", "child_marriages": "1", "difficulties": "Đường xa, mưa lũ"}})
	storagetest.Store(t, st, storagetest.Report{Unit: "VQ-XL-02", Period: "2025-H1", Form: "village_report", At: day.AddDate(0, 0, 3),
		Values: map[string]string{"marriages": "10", "child_marriages": "0", "proposals": "Thêm kinh phí"}})
	storagetest.Store(t, st, storagetest.Report{Unit: "VQ-XL", Period: "2025-H1", At: day.AddDate(0, 0, 4),
		Values: map[string]string{"marriages": "40", "child_marriages": "1"}})
	xl, err := st.UnitByCode(context.Background(), "VQ-XL")
	if err != nil {
		t.Fatal(err)
	}
	wb, err := svc.Workbook(context.Background(), reports.Request{UnitID: xl.ID, Period: "2025-H1", Now: day.AddDate(0, 0, 5)})
	if err != nil {
		t.Fatal(err)
	}
	s := &wb.Breakdown.Summary
	r := Build(cat, s, Options{Lang: locales.VI, Zone: storagetest.Zone(), Date: day, Texts: wb.Raw})
	if len(r.Parts) != len(s.Parts) || r.Completeness.Submitted() != 2 || r.Completeness.Late != 1 {
		t.Fatalf("%d parts of %d, completeness %+v", len(r.Parts), len(s.Parts), r.Completeness)
	}
	i := slices.IndexFunc(r.Parts, func(p PartRow) bool { return p.Code == "13" })
	if i < 0 || r.Parts[i].Figure != "2,5%" || r.Parts[i].Status != StatusNotMet { // 1 child marriage in 40
		t.Fatalf("13 = %+v", r.Parts[i])
	}
	w := readDOCX(t, rendered(t, r, DOCX))
	all := strings.Join(w.paragraphs, "\n")
	for _, want := range []string{"1. Thôn Nà Lùng", "- Khó khăn, hạn chế: Đường xa, mưa lũ", "- Đề xuất, kiến nghị: Thêm kinh phí",
		"- Gửi muộn (1): Thôn Bản Khuông."} {
		if !strings.Contains(all, want) {
			t.Errorf("the document has no %q", want)
		}
	}
}
