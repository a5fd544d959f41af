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

// Remarks a spreadsheet would run as formulas if written as they are, and
// one Go would read as a number: all must come back as the words typed.
var formulaRemarks = map[string]string{
	"difficulties": `=HYPERLINK("http://x","y")`,
	"proposals":    "@SUM(1+1)\tand more",
}

const numberLikeRemark = "Infinity"

// A remark that looks like a formula comes back from the CSV file (read
// with encoding/csv) with the apostrophe that keeps it text, and from the
// Excel file (read with excelize) as a text cell with no formula, as does
// a remark that reads as a number ("Infinity"); the figures beside them
// stay plain numbers.
func TestExportedRemarksStayText(t *testing.T) {
	env := clitest.Env(t)
	clitest.Run(t, env, "", "seed", "--demo")
	values := map[string]string{"live_births": "40", "deaths_u28d": "1"}
	for k, v := range formulaRemarks {
		values[k] = v
	}
	submitUnitReport(t, env, "VQ-XL", "commune_report", "2025-H1", values)
	checkCSVRemarks(t, env)

	path := filepath.Join(t.TempDir(), "report.xlsx")
	clitest.Run(t, env, "", "export", "--format", "xlsx", "--period", "2025-H1", "--out", path)
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	checkXLSXRemarks(t, x, "Số liệu gốc", formulaRemarks)

	// The same with a remark that looks like a number, in a fresh database.
	env = clitest.Env(t)
	clitest.Run(t, env, "", "seed", "--demo")
	submitUnitReport(t, env, "VQ-XL", "commune_report", "2025-H1", map[string]string{"live_births": "40", "difficulties": numberLikeRemark})
	clitest.Run(t, env, "", "export", "--format", "xlsx", "--period", "2025-H1", "--out", path)
	y, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer y.Close()
	checkXLSXRemarks(t, y, "Số liệu gốc", map[string]string{"difficulties": numberLikeRemark})
}

// checkCSVRemarks reads the CSV export back with encoding/csv.
func checkCSVRemarks(t *testing.T, env func(string) string) {
	t.Helper()
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
}

// checkXLSXRemarks finds each remark in the raw-data sheet (element code
// in column D, value in F) and checks it is stored as text.
func checkXLSXRemarks(t *testing.T, x *excelize.File, sheet string, remarks map[string]string) {
	t.Helper()
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for i, r := range rows {
		remark, ok := remarks[r[3]]
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
	if found != len(remarks) {
		t.Errorf("found %d of %d remarks in %s", found, len(remarks), sheet)
	}
}
