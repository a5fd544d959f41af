package reports

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
	"golang.org/x/sync/errgroup"

	"treembot/locales"
	"treembot/storage"
)

// Workbook is what an Excel report is made of.
type Workbook struct {
	Breakdown *Breakdown
	Raw       []storage.ExportRow
	// HiddenBelow is the threshold of the raw values hidden from the
	// viewer (0: none is).
	HiddenBelow int
	Zone        *time.Location
}

// Workbook loads the breakdown and the raw values behind a report. The
// two are read at once: a province's raw values are 400,000 rows.
func (s *Service) Workbook(ctx context.Context, req Request) (*Workbook, error) {
	period, _, err := s.resolvePeriod(ctx, req.Period, req.Now)
	if err != nil {
		return nil, err
	}
	var b *Breakdown
	var raw []storage.ExportRow
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { b, err = s.Breakdown(gctx, req); return err })
	g.Go(func() (err error) { raw, err = s.src.ScopeExportRows(gctx, req.UnitID, period.ID); return err })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	raw, hidden := b.protection.applyRaw(b.Units, raw)
	return &Workbook{Breakdown: b, Raw: raw, HiddenBelow: hidden, Zone: s.zone}, nil
}

// FileName is a workbook's download name: "baocao-VQ-2025-H1.xlsx".
func (w *Workbook) FileName() string {
	return fmt.Sprintf("baocao-%s-%s.xlsx", w.Breakdown.Unit.Code, w.Breakdown.Period.Code)
}

// xlsxWriter builds one workbook in one language.
type xlsxWriter struct {
	f      *excelize.File
	cat    *locales.Catalog
	lang   string
	wb     *Workbook
	styles map[string]int
}

// WriteXLSX writes the workbook as an .xlsx file: a sheet per office with
// its indicators for the whole scope and each unit under it (values,
// targets, status, differences), a completeness sheet and the raw values.
// Every sheet has a frozen header row and a filter.
func WriteXLSX(out io.Writer, cat *locales.Catalog, lang string, wb *Workbook) error {
	x := &xlsxWriter{f: excelize.NewFile(), cat: cat, lang: lang, wb: wb, styles: map[string]int{}}
	defer x.f.Close()
	x.f.SetZipWriter(newZipWriter)
	// The first sheet is made active before the streamed one is written:
	// excelize reads every sheet back to do it, and would parse a raw
	// sheet still in memory (a district's) and write it out twice.
	steps := []func() error{x.officeSheets, x.completenessSheet, x.activateFirst, x.rawSheet}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("write xlsx: %w", err)
		}
	}
	if err := x.f.Write(out); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

// activateFirst removes excelize's empty first sheet and opens the file
// on the first office's.
func (x *xlsxWriter) activateFirst() error {
	if err := x.f.DeleteSheet("Sheet1"); err != nil {
		return err
	}
	x.f.SetActiveSheet(0)
	return nil
}

// newZipWriter compresses the file's parts with klauspost's deflate: a
// province's raw values are 200 MB of XML, which the standard library's
// deflate takes three times as long to pack into a file of the same size.
func newZipWriter(w io.Writer) excelize.ZipWriter {
	z := zip.NewWriter(w)
	z.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.DefaultCompression)
	})
	return z
}

func (x *xlsxWriter) t(id string, data ...map[string]any) string { return x.cat.T(x.lang, id, data...) }

// style returns a cell style by a short name, creating it once.
func (x *xlsxWriter) style(name string, s *excelize.Style) (int, error) {
	if id, ok := x.styles[name]; ok {
		return id, nil
	}
	id, err := x.f.NewStyle(s)
	if err != nil {
		return 0, fmt.Errorf("style %s: %w", name, err)
	}
	x.styles[name] = id
	return id, nil
}

// sheet creates a sheet with a bold, frozen header row and column widths.
func (x *xlsxWriter) sheet(name string, header []string, widths []float64) error {
	if _, err := x.f.NewSheet(name); err != nil {
		return err
	}
	if err := x.f.SetSheetRow(name, "A1", &header); err != nil {
		return err
	}
	bold, err := x.headerStyle()
	if err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(header), 1)
	if err := x.f.SetCellStyle(name, "A1", last, bold); err != nil {
		return err
	}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := x.f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	return x.f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// headerStyle is bold on light blue, wrapped.
func (x *xlsxWriter) headerStyle() (int, error) {
	return x.style("header", &excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
}

// filter puts an auto-filter over the header and rows written.
func (x *xlsxWriter) filter(name string, cols, rows int) error {
	last, _ := excelize.CoordinatesToCellName(cols, max(rows, 2))
	return x.f.AutoFilter(name, "A1:"+last, nil)
}

// officeSheets writes one sheet per office that owns indicators.
func (x *xlsxWriter) officeSheets() error {
	b := x.wb.Breakdown
	owner := map[string]string{}
	for _, ind := range b.Indicators {
		owner[ind.Code] = ind.OfficeCode
	}
	for _, o := range b.Offices {
		var parts []int
		for i, p := range b.Parts {
			if owner[p.Part.IndicatorCode] == o.Code {
				parts = append(parts, i)
			}
		}
		if len(parts) == 0 {
			continue
		}
		if err := x.officeSheet(sheetName(o.Code), parts); err != nil {
			return fmt.Errorf("sheet %s: %w", o.Code, err)
		}
	}
	return nil
}

// sheetName keeps what Excel allows in a sheet name.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}

func (x *xlsxWriter) officeSheet(name string, parts []int) error {
	y25, y30 := map[string]any{"Year": Milestone2025}, map[string]any{"Year": Milestone2030}
	header := []string{x.t("reports_xlsx_col_code"), x.t("reports_xlsx_col_indicator"), x.t("reports_xlsx_col_unit"),
		x.t("reports_xlsx_col_numerator"), x.t("reports_xlsx_col_denominator"), x.t("reports_xlsx_col_value"),
		x.t("reports_xlsx_col_target", y25), x.t("reports_xlsx_col_status", y25), x.t("reports_xlsx_col_diff", y25),
		x.t("reports_xlsx_col_target", y30), x.t("reports_xlsx_col_status", y30), x.t("reports_xlsx_col_diff", y30)}
	if err := x.sheet(name, header, []float64{9, 48, 26, 11, 11, 11, 12, 16, 12, 12, 16, 12}); err != nil {
		return err
	}
	b := x.wb.Breakdown
	row := 2
	total := x.t("reports_xlsx_total", map[string]any{"Unit": b.Unit.Name})
	for _, i := range parts {
		if err := x.partRow(name, row, total, b.Parts[i]); err != nil {
			return err
		}
		row++
		for _, c := range b.Children {
			if err := x.partRow(name, row, c.Unit.Name, c.Parts[i]); err != nil {
				return err
			}
			row++
		}
	}
	if err := x.filter(name, len(header), row-1); err != nil {
		return err
	}
	if note := hiddenNote(x.cat, x.lang, b); note != "" {
		return x.cell(name, 1, row+1, note, "")
	}
	return nil
}
