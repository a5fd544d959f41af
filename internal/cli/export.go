package cli

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"treembot/internal/app"
	"treembot/storage"
)

// cmdExport prints the stored values so anyone can see what was saved.
func cmdExport(ctx context.Context, env *cliEnv, args []string) error {
	if formatArg(args) == "xlsx" {
		return exportXLSX(ctx, env, args)
	}
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(env.io.Err)
	period := fs.String("period", "", "period code, e.g. 2025-H1 (default: all periods)")
	format := fs.String("format", "csv", "output format: csv or xlsx")
	outPath := fs.String("out", "", "write to this file instead of standard output")
	versions := fs.String("versions", "counted", "counted (each report's counted version) or all (every version)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *versions != "counted" && *versions != "all" {
		return fmt.Errorf("--versions %q is not supported (counted or all)", *versions)
	}
	if *format != "csv" {
		return fmt.Errorf("--format %q is not supported (csv or xlsx)", *format)
	}
	st, err := app.OpenStore(ctx, env.cfg, env.log)
	if err != nil {
		return err
	}
	defer st.Close()
	export := st.ExportRows
	if *versions == "all" {
		export = st.ExportAllVersions
	}
	rows, err := export(ctx, *period)
	if err != nil {
		return err
	}
	out := env.io.Out
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			return err
		}
		defer f.Close()
		out = f
	}
	return writeExportCSV(out, rows, env.cfg.Zone)
}

func writeExportCSV(out io.Writer, rows []storage.ExportRow, zone *time.Location) error {
	w := newSafeCSV(out)
	w.write("period", "unit_code", "unit_name", "element_code", "value", "status", "version", "submitted_at")
	for _, r := range rows {
		at := ""
		if r.SubmittedAt != nil {
			at = r.SubmittedAt.In(zone).Format(time.RFC3339)
		}
		w.write(r.PeriodCode, r.UnitCode, r.UnitName, r.ElementCode, r.Value, r.Status, fmt.Sprint(r.Version), at)
	}
	return w.flush()
}

// safeCSV writes CSV whose text cells a spreadsheet cannot run as
// formulas (OWASP's CSV injection advice): a cell starting with = + - @,
// a tab or a carriage return gets a leading apostrophe, which Excel and
// LibreOffice read as "this is text" and do not show. Plain numbers are
// written as they are: a stored count or decimal ("12", "9.5", "-3") is
// never a formula, and quoting it would turn it into text.
type safeCSV struct {
	w *csv.Writer
}

func newSafeCSV(out io.Writer) *safeCSV { return &safeCSV{w: csv.NewWriter(out)} }

// write writes one record; an error is kept for flush.
func (s *safeCSV) write(cells ...string) {
	for i, c := range cells {
		cells[i] = csvCell(c)
	}
	_ = s.w.Write(cells)
}

func (s *safeCSV) flush() error {
	s.w.Flush()
	return s.w.Error()
}

// csvCell neutralises one cell for a spreadsheet (see safeCSV).
func csvCell(c string) string {
	if c == "" || !strings.ContainsRune("=+-@\t\r", rune(c[0])) || plainNumber(c) {
		return c
	}
	return "'" + c
}

// plainNumber reports whether c is a decimal number as storage writes
// them: an optional minus, digits, and at most one point between digits.
func plainNumber(c string) bool {
	c = strings.TrimPrefix(c, "-")
	whole, frac, hasPoint := strings.Cut(c, ".")
	return allDigits(whole) && (!hasPoint || allDigits(frac))
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
