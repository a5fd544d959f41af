package cli_test

import (
	"encoding/csv"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"treembot/internal/cli/clitest"
)

// Remarks a spreadsheet would run as formulas if written as they are.
var formulaRemarks = map[string]string{
	"difficulties": `=HYPERLINK("http://x","y")`,
	"proposals":    "@SUM(1+1)\tand more",
}

// A remark that looks like a formula comes back from the CSV file (read
// with encoding/csv) with the apostrophe that keeps it text, and from the
// Excel file (read with excelize) as a text cell with no formula; the
// figures beside it stay plain numbers.
func TestExportedRemarksStayText(t *testing.T) {
	env := clitest.Env(t)
	clitest.Run(t, env, "", "seed", "--demo")
	values := map[string]string{"live_births": "40", "deaths_u28d": "1"}
	for k, v := range formulaRemarks {
		values[k] = v
	}
	submitDemoReport(t, env, values)

	rows, err := csv.NewReader(strings.NewReader(clitest.Run(t, env, "", "export", "--period", "2025-H1"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		got[r[3]] = r[4]
	}
	for code, remark := range formulaRemarks {
		if got[code] != "'"+remark {
			t.Errorf("CSV %s = %q, want %q behind an apostrophe", code, got[code], remark)
		}
	}
	if got["live_births"] != "40" {
		t.Errorf("CSV live_births = %q, want the number 40 untouched", got["live_births"])
	}

	path := filepath.Join(t.TempDir(), "report.xlsx")
	clitest.Run(t, env, "", "export", "--format", "xlsx", "--period", "2025-H1", "--out", path)
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	checkXLSXRemarks(t, x, "Số liệu gốc")
}

// checkXLSXRemarks finds each remark in the raw-data sheet (element code
// in column D, value in F) and checks it is stored as text.
func checkXLSXRemarks(t *testing.T, x *excelize.File, sheet string) {
	t.Helper()
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for i, r := range rows {
		remark, ok := formulaRemarks[r[3]]
		if !ok {
			continue
		}
		found++
		ref := "F" + strconv.Itoa(i+1)
		if f, _ := x.GetCellFormula(sheet, ref); f != "" {
			t.Errorf("%s!%s holds the formula %q", sheet, ref, f)
		}
		typ, _ := x.GetCellType(sheet, ref)
		if v, _ := x.GetCellValue(sheet, ref); v != remark || (typ != excelize.CellTypeSharedString &&
			typ != excelize.CellTypeInlineString) {
			t.Errorf("%s!%s = %q (type %v), want the text %q", sheet, ref, v, typ, remark)
		}
	}
	if found != len(formulaRemarks) {
		t.Errorf("found %d of %d remarks in %s", found, len(formulaRemarks), sheet)
	}
}
