package cli_test

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"treembot/internal/cli"
	"treembot/internal/cli/clitest"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// submitDemoReport stores the health office's 2025 annual report, filed
// at the district, in the CLI's database.
func submitDemoReport(t *testing.T, env func(string) string, values map[string]string) {
	t.Helper()
	submitUnitReport(t, env, "VQ", "office_yte", "2025-Y", values)
}

// submitUnitReport stores a unit's report on form for period.
func submitUnitReport(t *testing.T, env func(string) string, unit, form, period string, values map[string]string) {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, storage.Options{URL: env("DATABASE_URL"), SQLitePath: env("SQLITE_PATH")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UnitByCode(ctx, unit)
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.PeriodByCode(ctx, period)
	if err != nil {
		t.Fatal(err)
	}
	now := storagetest.Now()
	sub, err := st.OpenDraft(ctx, storage.DraftRequest{UnitID: u.ID, PeriodID: p.ID, FormID: form, UserID: 1, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var changes []storage.ValueChange
	for k, v := range values {
		changes = append(changes, storage.ValueChange{Code: k, Value: v})
	}
	if err := st.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: sub.ID, UserID: 1, Now: now, Changes: changes}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Submit(ctx, storage.SubmitRequest{SubmissionID: sub.ID, UserID: 1, Now: now}); err != nil {
		t.Fatal(err)
	}
}

func TestExportXLSXAndChartFromTheCommandLine(t *testing.T) {
	env := clitest.Env(t)
	clitest.Run(t, env, "", "seed", "--demo")
	submitDemoReport(t, env, map[string]string{"live_births": "40", "deaths_u28d": "1"})
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "report.xlsx")
	out := clitest.Run(t, env, "", "export", "--format", "xlsx", "--period", "2025-Y", "--out", xlsx)
	if !strings.Contains(out, "Huyện Văn Quan, period 2025-Y") {
		t.Errorf("export said %q", out)
	}
	x, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatalf("not an .xlsx file: %v", err)
	}
	defer x.Close()
	if v, _ := x.GetCellValue("YTE", "F2", excelize.Options{RawCellValue: true}); v != "25" {
		t.Errorf("YTE!F2 (3a for the district) = %q, want 25 (1 death in 40 births)", v)
	}

	chart := filepath.Join(dir, "3a.png")
	out = clitest.Run(t, env, "", "chart", "3a", "--period", "2025-Y", "--lang", "en", "--out", chart)
	if !strings.Contains(out, "wrote "+chart) {
		t.Errorf("chart said %q", out)
	}
	raw, err := os.ReadFile(chart)
	if err != nil {
		t.Fatal(err)
	}
	if img, err := png.Decode(bytes.NewReader(raw)); err != nil || img.Bounds().Dx() < 700 {
		t.Errorf("chart file: %v, %v", img, err)
	}
	if code := cli.Run(context.Background(), []string{"chart", "4", "--out", chart}, cli.Stdio{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}, env); code == 0 {
		t.Error("an indicator with several parts must be refused")
	}
}
