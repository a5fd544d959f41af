package reports

import (
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"treembot/storage"
)

// rawSheet lists every stored value behind the report, in any status. It
// is streamed: a province's period is 400,000 rows.
func (x *xlsxWriter) rawSheet() error {
	name := sheetName(x.t("reports_xlsx_sheet_raw"))
	header := []any{x.t("reports_xlsx_col_period"), x.t("reports_xlsx_col_unit_code"), x.t("reports_xlsx_col_unit"),
		x.t("reports_xlsx_col_element"), x.t("reports_xlsx_col_label"), x.t("reports_xlsx_col_value"),
		x.t("reports_xlsx_col_status_raw"), x.t("reports_xlsx_col_version"), x.t("reports_xlsx_col_submitted_at")}
	if _, err := x.f.NewSheet(name); err != nil {
		return err
	}
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, w := range []float64{10, 14, 24, 26, 48, 14, 18, 8, 18} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	headStyle, err := x.headerStyle()
	if err != nil {
		return err
	}
	for i, h := range header {
		header[i] = excelize.Cell{StyleID: headStyle, Value: h}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	f := fmtDateTime
	dt, err := x.style("fmt:"+f, &excelize.Style{CustomNumFmt: &f})
	if err != nil {
		return err
	}
	rows := rawRows{x: x, dateStyle: dt, elements: map[string]rawElement{}, statuses: map[string]any{}}
	for i := range x.wb.Raw {
		if err := sw.SetRow("A"+strconv.Itoa(i+2), rows.row(&x.wb.Raw[i])); err != nil {
			return err
		}
	}
	if x.wb.HiddenBelow > 0 {
		note := []any{x.t("reports_small_counts_note", map[string]any{"Below": x.wb.HiddenBelow})}
		if err := sw.SetRow("A"+strconv.Itoa(len(x.wb.Raw)+3), note); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// rawRows turns stored values into the raw sheet's rows. What repeats
// from row to row (an element's label and type, a status's name, a
// unit, a submission's time) is looked up and boxed once, and one row's
// cells are reused: SetRow has written them before it returns.
type rawRows struct {
	x         *xlsxWriter
	dateStyle int
	elements  map[string]rawElement
	statuses  map[string]any
	cells     []any
	// The previous row's unit and submission time, as cells.
	unitCode, unitName, period any
	lastUnit, lastPeriod       string
	lastAt                     *time.Time
	at                         any
}

// rawElement is what the raw sheet writes of one element.
type rawElement struct {
	code, label any
	numeric     bool
}

// row is one stored value: numbers as numbers, text as text (a remark
// such as "Infinity" or "1e3" is text, not a number).
func (rr *rawRows) row(r *storage.ExportRow) []any {
	e := rr.element(r.ElementCode)
	var value any = r.Value
	if f, err := strconv.ParseFloat(r.Value, 64); err == nil && e.numeric {
		value = f
	}
	if rr.unitCode == nil || r.UnitCode != rr.lastUnit || r.PeriodCode != rr.lastPeriod {
		rr.lastUnit, rr.lastPeriod = r.UnitCode, r.PeriodCode
		rr.unitCode, rr.unitName, rr.period = r.UnitCode, r.UnitName, r.PeriodCode
	}
	rr.cells = append(rr.cells[:0], rr.period, rr.unitCode, rr.unitName, e.code, e.label, value, rr.status(r.Status), r.Version)
	if r.SubmittedAt != nil {
		rr.cells = append(rr.cells, rr.submitted(r.SubmittedAt))
	}
	return rr.cells
}

func (rr *rawRows) element(code string) rawElement {
	if e, ok := rr.elements[code]; ok {
		return e
	}
	de := rr.x.wb.Breakdown.Elements[code]
	e := rawElement{code: code, label: ElementLabel(rr.x.lang, de, code),
		numeric: de.Type == storage.ElementCount || de.Type == storage.ElementDecimal}
	rr.elements[code] = e
	return e
}

func (rr *rawRows) status(s string) any {
	if v, ok := rr.statuses[s]; ok {
		return v
	}
	v := any(rr.x.t("reports_status_" + s))
	rr.statuses[s] = v
	return v
}

// submitted is a submission's time as a date cell; a submission's values
// share one time, so a run of rows converts it once.
func (rr *rawRows) submitted(at *time.Time) any {
	if at != rr.lastAt && (rr.lastAt == nil || !at.Equal(*rr.lastAt)) {
		rr.lastAt, rr.at = at, excelize.Cell{StyleID: rr.dateStyle, Value: wallClock(*at, rr.x.wb.Zone)}
	}
	return rr.at
}
