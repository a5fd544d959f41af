package bench

import (
	"context"
	"os"
	"time"

	"treembot/internal/app"
	"treembot/internal/config"
	"treembot/reports"
)

// summaryExtra is what `bench summary` adds for issue 14: the province's
// Excel file and the first /summary of a fresh process, both while the
// admin waits in the chat.
type summaryExtra struct {
	// XLSXMS is /export's work for the whole province: the breakdown,
	// the raw values and the written .xlsx file (XLSXBytes long).
	XLSXMS    float64 `json:"province_xlsx_ms"`
	XLSXBytes int64   `json:"province_xlsx_bytes"`
	// XLSXCPUMS is the CPU time this process spent on it (user and
	// system, every goroutine and the garbage collector), XLSXDBCPUMS the
	// PostgreSQL backends' (0 on SQLite): on a shared machine they vary
	// less than the wall time.
	XLSXCPUMS   float64 `json:"province_xlsx_cpu_ms"`
	XLSXDBCPUMS float64 `json:"province_xlsx_db_cpu_ms"`
	// FreshMS is a new process's first /summary of the province: opening
	// the app (database, sessions, catalogue, forms) and a cold reports
	// service, as after a restart.
	FreshMS float64 `json:"fresh_process_summary_ms"`
}

// timeExtra measures summaryExtra on the province already written.
func timeExtra(ctx context.Context, env *Env, cfg config.Config, a *app.App, req reports.Request) (summaryExtra, error) {
	var ex summaryExtra
	t0 := time.Now()
	fresh, err := app.Open(ctx, cfg, env.Log, a.Clock)
	if err != nil {
		return ex, err
	}
	defer fresh.Close()
	svc, err := reports.New(reports.Config{Source: fresh.Store, Zone: fresh.Cfg.Zone})
	if err != nil {
		return ex, err
	}
	if _, err := svc.Summary(ctx, req); err != nil {
		return ex, err
	}
	ex.FreshMS = ms(time.Since(t0))

	servers := readServerCounts(ctx, cfg)
	cpu0, t0 := procCPU(os.Getpid()), time.Now()
	wb, err := svc.Workbook(ctx, req)
	if err != nil {
		return ex, err
	}
	var size countingWriter
	if err := reports.WriteXLSX(&size, fresh.Catalog, "vi", wb); err != nil {
		return ex, err
	}
	ex.XLSXMS, ex.XLSXBytes = ms(time.Since(t0)), int64(size)
	ex.XLSXCPUMS = ms(procCPU(os.Getpid()) - cpu0)
	ex.XLSXDBCPUMS = ms(dbCPU(servers, readServerCounts(ctx, cfg)))
	return ex, nil
}

// countingWriter counts what is written to it.
type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
