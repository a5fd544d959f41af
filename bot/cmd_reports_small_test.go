package bot

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// smallAbuse files Tân Đoàn's abuse cases: 3 in one village, 0 in the
// other, 3 for the commune; Xuân Long 22.
func (h *harness) smallAbuse() {
	h.submitted("VQ-TD-01", map[string]string{"abuse_cases": "3"})
	h.submitted("VQ-TD-02", map[string]string{"abuse_cases": "0"})
	h.submitted("VQ-TD", map[string]string{"abuse_cases": "3", "children_u16": "1000"})
	h.submitted("VQ-XL", map[string]string{"abuse_cases": "22", "children_u16": "1000"})
}

// exportCell is what the Excel file a user gets shows on sheet in column
// col of the first row with the given values in the columns named.
func (h *harness) exportCell(user, sheet, col string, key map[string]string) string {
	h.t.Helper()
	msgs := h.messages(user, "/export 2025-H1")
	if len(msgs) != 1 || msgs[0].Document == nil {
		h.t.Fatalf("export = %+v, want one file", msgs)
	}
	x, err := excelize.OpenReader(bytes.NewReader(msgs[0].Document.Bytes))
	if err != nil {
		h.t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(sheet)
	if err != nil {
		h.t.Fatal(err)
	}
	at := func(r []string, c string) string {
		if i := int(c[0] - 'A'); i < len(r) {
			return r[i]
		}
		return ""
	}
	for _, r := range rows {
		match := true
		for c, v := range key {
			match = match && at(r, c) == v
		}
		if match {
			return at(r, col)
		}
	}
	h.t.Fatalf("no row %v on sheet %s", key, sheet)
	return ""
}

func TestSmallCountsInTheChatFollowWhoAsks(t *testing.T) {
	h := newReportHarness(t)
	h.smallAbuse()
	raw := func(user, unit string) string {
		return h.exportCell(user, "Số liệu gốc", "F", map[string]string{"B": unit, "D": "abuse_cases"})
	}
	// The health office does not own indicator 9: the village's 3 is
	// "< 5", the other village and the commune hide it, so does the district.
	if got := raw(demoOfficial, "VQ-TD-01"); got != "< 5" {
		t.Errorf("health official: village's abuse cases in the raw sheet = %q, want < 5", got)
	}
	district := map[string]string{"A": "9", "C": "Toàn Huyện Văn Quan"}
	if got := h.exportCell(demoOfficial, "LDTBXH", "F", district); got != "—*" {
		t.Errorf("health official: the district's part 9 = %q, want —*", got)
	}
	if got := raw(demoOfficial, "VQ-TD-02"); got != "—*" {
		t.Errorf("health official: the other village's abuse cases = %q, want —*", got)
	}
	if got := raw(demoAdmin, "VQ-TD-01"); got != "3" {
		t.Errorf("district admin: village's abuse cases = %q, want 3", got)
	}
	if got := h.exportCell(demoAdmin, "LDTBXH", "D", district); got != "25" {
		t.Errorf("district admin: the district's abuse cases = %q, want 25", got)
	}
	chart := h.messages(demoOfficial, "/chart 9")
	if len(chart) != 1 || chart[0].Photo == nil {
		t.Fatalf("chart = %+v, want one photo", chart)
	}
	mustContain(t, chart[0].Text, "—*: cũng được ẩn")
	if admin := h.messages(demoAdmin, "/chart 9"); strings.Contains(admin[0].Text, "—*") {
		t.Errorf("the district's admin is told figures are hidden: %q", admin[0].Text)
	}
}
