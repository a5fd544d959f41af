package reports_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"treembot/locales"
	"treembot/reports"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// The raw sheet, read back as Excel opens it, holds row by row what the
// workbook read: numbers as numbers, remarks as text, hidden counts as
// their marks, each status's name and the time sent as a date.
func TestRawSheetReadsBackRowByRow(t *testing.T) {
	t.Parallel()
	_, district := exportFixture(t)
	officer := smallCountsFixture(t).workbookAs("VQ-XL", &reports.Viewer{Role: storage.RoleCommuneOfficer})
	cat := locales.MustLoad()
	for name, wb := range map[string]*reports.Workbook{"district, every figure": district, "commune officer": officer} {
		x := openXLSX(t, wb, locales.EN)
		sheet := cat.T(locales.EN, "reports_xlsx_sheet_raw")
		rows, err := x.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < 1+len(wb.Raw) || len(wb.Raw) < 5 {
			t.Fatalf("%s: %d rows for %d values", name, len(rows), len(wb.Raw))
		}
		if got := rows[0]; len(got) != 9 || got[0] != "Period" || got[4] != "Figure" || got[6] != cat.T(locales.EN, "reports_xlsx_col_status_raw") {
			t.Errorf("%s: header = %q", name, got)
		}
		for i, r := range wb.Raw {
			want := []string{r.PeriodCode, r.UnitCode, r.UnitName, r.ElementCode,
				reports.ElementLabel(locales.EN, wb.Breakdown.Elements[r.ElementCode], r.ElementCode),
				r.Value, cat.T(locales.EN, "reports_status_"+r.Status), strconv.Itoa(r.Version)}
			if r.SubmittedAt != nil {
				want = append(want, r.SubmittedAt.In(storagetest.Zone()).Format("02/01/2006 15:04"))
			}
			if got := rows[i+1]; !slices.Equal(got, want) {
				t.Errorf("%s: row %d = %q, want %q", name, i+2, got, want)
			}
			checkRawTypes(t, x, sheet, i+2, r, wb.Breakdown.Elements[r.ElementCode].Type)
		}
		if got := x.GetActiveSheetIndex(); got != 0 {
			t.Errorf("%s: the file opens on sheet %d, want the first office's", name, got)
		}
		if w, _ := x.GetColWidth(sheet, "E"); w != 48 {
			t.Errorf("%s: the figure's column is %v wide, want 48", name, w)
		}
		x.Close()
	}
}

// checkRawTypes checks a raw row's value is a number when it is a count
// or a decimal (a yes/no answer "1" stays text) and its time is a date.
func checkRawTypes(t *testing.T, x *excelize.File, sheet string, row int, r storage.ExportRow, elementType string) {
	t.Helper()
	ref := "F" + strconv.Itoa(row)
	typ, err := x.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	_, err = strconv.ParseFloat(r.Value, 64)
	number := err == nil && (elementType == storage.ElementCount || elementType == storage.ElementDecimal)
	if text := typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString; text == number {
		t.Errorf("%s!%s (%q) has type %v", sheet, ref, r.Value, typ)
	}
	if r.SubmittedAt == nil {
		return
	}
	id, err := x.GetCellStyle(sheet, "I"+strconv.Itoa(row))
	if err != nil {
		t.Fatal(err)
	}
	if st, err := x.GetStyle(id); err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "dd/mm/yyyy hh:mm" {
		t.Errorf("%s!I%d is not a date cell: %+v %v", sheet, row, st, err)
	}
}
