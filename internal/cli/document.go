package cli

import (
	"bytes"
	"context"
	"flag"

	"treembot/document"
	"treembot/locales"
)

// cmdDocument is `treembot document`: the chat's /vanban as a file, the
// Word file (or its PDF) of a unit's report for one period, ready to
// number and sign.
func cmdDocument(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("document", flag.ContinueOnError)
	fs.SetOutput(env.io.Err)
	formatFlag := fs.String("format", document.DOCX, "output format: docx or pdf")
	f := newReportFlags(fs, env)
	if err := fs.Parse(args); err != nil {
		return err
	}
	format, err := document.ParseFormat(*formatFlag)
	if err != nil {
		return err
	}
	wb, cat, req, err := loadWorkbook(ctx, env, f)
	if err != nil {
		return err
	}
	lang := locales.NormaliseLang(*f.lang, env.cfg.DefaultLang)
	r := document.Build(cat, &wb.Breakdown.Summary, document.Options{Lang: lang, Zone: wb.Zone, Date: req.Now, Texts: wb.Raw})
	var buf bytes.Buffer
	if err := document.Render(&buf, cat, r, format); err != nil {
		return err
	}
	return writeReport(env, *f.out, r.FileName(format), buf.Bytes(), r.UnitName, r.PeriodCode)
}
