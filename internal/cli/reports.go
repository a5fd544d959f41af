package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"treembot/internal/app"
	"treembot/locales"
	"treembot/reports"
	"treembot/storage"
)

// formatArg finds --format's value among export's arguments, so the xlsx
// export (which has more flags) can take over before csv's flags are read.
func formatArg(args []string) string {
	for i, a := range args {
		a = strings.TrimLeft(a, "-")
		if v, ok := strings.CutPrefix(a, "format="); ok {
			return v
		}
		if a == "format" && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

// reportFlags are what the xlsx export and the chart share.
type reportFlags struct {
	period, unit, lang, out *string
}

func newReportFlags(fs *flag.FlagSet, env *cliEnv) reportFlags {
	return reportFlags{
		period: fs.String("period", "", "period code, e.g. 2025-H1 (default: the latest period that has opened)"),
		unit:   fs.String("unit", "", "the unit whose subtree to report on (default: the root of the unit tree)"),
		lang:   fs.String("lang", env.cfg.DefaultLang, "language: vi or en"),
		out:    fs.String("out", "", "file to write"),
	}
}

// reportEnv opens what a report needs and resolves the request.
func reportEnv(ctx context.Context, env *cliEnv, f reportFlags) (*storage.Store, *reports.Service, *locales.Catalog, reports.Request, error) {
	var req reports.Request
	cat, err := locales.Load()
	if err != nil {
		return nil, nil, nil, req, err
	}
	st, err := app.OpenStore(ctx, env.cfg, env.log)
	if err != nil {
		return nil, nil, nil, req, err
	}
	unit, err := reportRoot(ctx, st, *f.unit)
	if err != nil {
		st.Close()
		return nil, nil, nil, req, err
	}
	svc, err := reports.New(reports.Config{Source: st, Zone: env.cfg.Zone, Forms: app.LoadReportForms()})
	if err != nil {
		st.Close()
		return nil, nil, nil, req, err
	}
	req = reports.Request{UnitID: unit.ID, Period: *f.period, Now: time.Now()}
	return st, svc, cat, req, nil
}

// reportRoot is the named unit, or the tree's only root.
func reportRoot(ctx context.Context, st *storage.Store, code string) (*storage.OrgUnit, error) {
	if code != "" {
		return st.UnitByCode(ctx, strings.ToUpper(code))
	}
	units, err := st.ListUnits(ctx, "")
	if err != nil {
		return nil, err
	}
	var roots []string
	for _, u := range units {
		if u.ParentCode == "" {
			roots = append(roots, u.Code)
		}
	}
	switch len(roots) {
	case 0:
		return nil, errors.New("no units yet: run `treembot units import` or `treembot seed --demo`")
	case 1:
		return st.UnitByCode(ctx, roots[0])
	}
	return nil, fmt.Errorf("several top units (%s): choose one with --unit", strings.Join(roots, ", "))
}

// exportXLSX is `treembot export --format xlsx`: the same workbook as the
// chat's /export.
func exportXLSX(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(env.io.Err)
	fs.String("format", "xlsx", "output format: csv or xlsx")
	f := newReportFlags(fs, env)
	if err := fs.Parse(args); err != nil {
		return err
	}
	wb, cat, _, err := loadWorkbook(ctx, env, f)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reports.WriteXLSX(&buf, cat, locales.NormaliseLang(*f.lang, env.cfg.DefaultLang), wb); err != nil {
		return err
	}
	return writeReport(env, *f.out, wb.FileName(), buf.Bytes(), wb.Breakdown.Unit.Name, wb.Breakdown.Period.Code)
}

// loadWorkbook loads the workbook the flags ask for, with the catalogue
// and the request it was made for; the store is closed again.
func loadWorkbook(ctx context.Context, env *cliEnv, f reportFlags) (*reports.Workbook, *locales.Catalog, reports.Request, error) {
	st, svc, cat, req, err := reportEnv(ctx, env, f)
	if err != nil {
		return nil, nil, req, err
	}
	defer st.Close()
	wb, err := svc.Workbook(ctx, req)
	return wb, cat, req, err
}

// writeReport writes a report's file to path (or its own name) and says
// so.
func writeReport(env *cliEnv, path, name string, data []byte, unit, period string) error {
	if path == "" {
		path = name
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(env.io.Out, "wrote %s: %s, period %s\n", path, unit, period)
	return nil
}

// cmdChart is `treembot chart INDICATOR --out FILE.png`: the chat's
// /chart as a file.
func cmdChart(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("chart", flag.ContinueOnError)
	fs.SetOutput(env.io.Err)
	f := newReportFlags(fs, env)
	indicator := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		indicator, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if indicator == "" && fs.NArg() > 0 {
		indicator = fs.Arg(0)
	}
	if indicator == "" || *f.out == "" {
		return errors.New("usage: chart INDICATOR [--period CODE] [--unit CODE] [--lang vi|en] --out FILE.png")
	}
	st, svc, cat, req, err := reportEnv(ctx, env, f)
	if err != nil {
		return err
	}
	defer st.Close()
	b, err := svc.Breakdown(ctx, req)
	if err != nil {
		return err
	}
	idx, choices, ok := reports.FindPart(b.Parts, indicator)
	if !ok && len(choices) > 0 {
		return fmt.Errorf("indicator %s has several parts: choose one of %s", indicator, strings.Join(choices, ", "))
	} else if !ok {
		return fmt.Errorf("no indicator %q", indicator)
	}
	png, err := reports.ChartPNG(cat, locales.NormaliseLang(*f.lang, env.cfg.DefaultLang), b, idx)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*f.out, png, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(env.io.Out, "wrote %s: %s, %s, period %s\n", *f.out, b.Parts[idx].Part.Code, b.Unit.Name, b.Period.Code)
	return nil
}
