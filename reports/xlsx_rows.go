package reports

import (
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"treembot/storage"
)

// Excel shows these; the numbers stay numbers, so they can be summed and
// charted.
const (
	fmtCount    = "#,##0"
	fmtDateTime = "dd/mm/yyyy hh:mm"
)

// figureFormat writes a part's value with its decimals and unit sign
// quoted, since a bare % would multiply by 100.
func figureFormat(p storage.IndicatorPart, prefix string) string {
	if p.Unit == storage.PartCount {
		return prefix + fmtCount
	}
	f := "0"
	if d := decimalsFor(p); d > 0 {
		f += "." + strings.Repeat("0", d)
	}
	return prefix + f + `" ` + unitSign(p) + `"`
}

// opPrefix writes a target's bound before its number: "≥ 90.0 %".
func opPrefix(op string) string {
	sign := map[string]string{"<": "<", "<=": "≤", "=": "=", ">=": "≥", ">": ">"}[op]
	if sign == "" {
		return ""
	}
	return `"` + sign + ` "`
}

// cell writes v at (col, row) with an optional number format.
func (x *xlsxWriter) cell(sheet string, col, row int, v any, numFmt string) error {
	name, _ := excelize.CoordinatesToCellName(col, row)
	if err := x.f.SetCellValue(sheet, name, v); err != nil {
		return err
	}
	if numFmt == "" {
		return nil
	}
	f := numFmt
	id, err := x.style("fmt:"+f, &excelize.Style{CustomNumFmt: &f})
	if err != nil {
		return err
	}
	return x.f.SetCellStyle(sheet, name, name, id)
}

// partRow writes one part for one unit: counts, figure, and both targets.
func (x *xlsxWriter) partRow(sheet string, row int, unit string, r PartResult) error {
	p := r.Part
	name := p.NameVI
	if x.lang == "en" {
		name = p.NameEN
	}
	type cellValue struct {
		col int
		v   any
		fmt string
	}
	cells := []cellValue{{1, p.Code, ""}, {2, name, ""}, {3, unit, ""}}
	if r.Value.Hidden != Shown {
		cells = append(cells, cellValue{6, HiddenText(r.Value.Hidden, r.Value.Below), ""})
	}
	if r.Value.OK {
		prefix := ""
		if r.Value.Annualised { // a 6-month count doubled: an estimate for the year
			prefix = `"≈ "`
		}
		cells = append(cells, cellValue{4, r.Value.Numerator, fmtCount}, cellValue{6, r.Value.Figure, figureFormat(p, prefix)})
		if p.Unit != storage.PartCount {
			cells = append(cells, cellValue{5, r.Value.Denominator, fmtCount})
		}
	}
	for _, c := range cells {
		if err := x.cell(sheet, c.col, row, c.v, c.fmt); err != nil {
			return err
		}
	}
	if err := x.targetCells(sheet, row, 7, p, r.T2025); err != nil {
		return err
	}
	return x.targetCells(sheet, row, 10, p, r.T2030)
}

// targetCells writes a target, its state (coloured) and the difference.
func (x *xlsxWriter) targetCells(sheet string, row, col int, p storage.IndicatorPart, t TargetResult) error {
	if t.Set {
		if err := x.cell(sheet, col, row, t.Value, figureFormat(p, opPrefix(t.Op))); err != nil {
			return err
		}
	} else if err := x.cell(sheet, col, row, "—", ""); err != nil {
		return err
	}
	if err := x.cell(sheet, col+1, row, x.t("reports_xlsx_state_"+t.State), ""); err != nil {
		return err
	}
	if color := map[string]string{Met: "C6EFCE", NotMet: "FFEB9C"}[t.State]; color != "" {
		id, err := x.style("state:"+t.State, &excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}})
		if err != nil {
			return err
		}
		name, _ := excelize.CoordinatesToCellName(col+1, row)
		if err := x.f.SetCellStyle(sheet, name, name, id); err != nil {
			return err
		}
	}
	if t.State != Met && t.State != NotMet {
		return nil
	}
	d := "0"
	if dec := decimalsFor(p); dec > 0 {
		d += "." + strings.Repeat("0", dec)
	}
	return x.cell(sheet, col+2, row, t.Diff, "+"+d+";-"+d+";0")
}

// completenessSheet lists every report owed and where it stands: the
// communes', the villages' (one commune's scope) and the offices'.
func (x *xlsxWriter) completenessSheet() error {
	name := sheetName(x.t("reports_xlsx_sheet_completeness"))
	header := []string{x.t("reports_xlsx_col_form"), x.t("reports_xlsx_col_parent"), x.t("reports_xlsx_col_unit_code"),
		x.t("reports_xlsx_col_unit"), x.t("reports_xlsx_col_state"), x.t("reports_xlsx_col_submitted_at"),
		x.t("reports_xlsx_col_reference")}
	if err := x.sheet(name, header, []float64{30, 26, 14, 26, 24, 18, 28}); err != nil {
		return err
	}
	b := x.wb.Breakdown
	names := map[uint]string{}
	for _, u := range b.Units {
		names[u.ID] = u.Name
	}
	zone := x.wb.Zone
	var rows []owedRow
	commune := FormTitle(x.cat, x.lang, b.Forms[b.CommuneForm])
	for _, u := range b.Units {
		if Expected(u) {
			rows = append(rows, owedRow{commune, names[u.ParentID], u, Timeliness(u, b.Period, zone)})
		}
	}
	village := FormTitle(x.cat, x.lang, b.Forms[b.VillageForm])
	for _, u := range b.Villages {
		rows = append(rows, owedRow{village, names[u.ParentID], u, timeliness(u, VillageDeadlineEnd(b.Period, zone))})
	}
	for _, r := range b.OfficeReports {
		rows = append(rows, owedRow{OfficeName(x.lang, r.Office), names[r.Unit.ParentID], r.Unit, Timeliness(r.Unit, b.Period, zone)})
	}
	for i, r := range rows {
		if err := x.owedRow(name, i+2, r); err != nil {
			return err
		}
	}
	if err := x.filter(name, len(header), len(rows)+1); err != nil {
		return err
	}
	for i, line := range strings.Split(renderCompleteness(x.cat, x.lang, &b.Progress), "\n") {
		if err := x.cell(name, 1, len(rows)+3+i, line, ""); err != nil {
			return err
		}
	}
	return nil
}

// owedRow is one report owed on the completeness sheet.
type owedRow struct {
	form, parent string
	unit         storage.ScopeUnit
	timeliness   string
}

func (x *xlsxWriter) owedRow(sheet string, row int, r owedRow) error {
	u := r.unit
	vals := []any{r.form, r.parent, u.Code, u.Name, x.t("reports_state_" + stateOf(u, r.timeliness))}
	if err := x.f.SetSheetRow(sheet, "A"+strconv.Itoa(row), &vals); err != nil {
		return err
	}
	if !Counted(u) || u.SubmittedAt == nil {
		return nil
	}
	if err := x.cell(sheet, 6, row, wallClock(*u.SubmittedAt, x.wb.Zone), fmtDateTime); err != nil {
		return err
	}
	return x.cell(sheet, 7, row, u.Reference, "")
}

// wallClock turns an instant into the zone's wall-clock time, which is
// what Excel's zone-less dates show.
func wallClock(t time.Time, zone *time.Location) time.Time {
	l := t.In(zone)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
}
