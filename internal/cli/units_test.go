package cli_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"treembot/internal/cli/clitest"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// openCLIStore opens the database the CLI in env uses.
func openCLIStore(t *testing.T, env func(string) string) *storage.Store {
	t.Helper()
	return storagetest.Open(t, storage.Options{URL: env("DATABASE_URL"), SQLitePath: env("SQLITE_PATH")})
}

// xlsxCell reads one cell of an exported workbook.
func xlsxCell(t *testing.T, path, sheet, ref string) string {
	t.Helper()
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	v, err := x.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// sheetText is one sheet of a workbook, a line per row.
func sheetText(t *testing.T, path, sheet string) string {
	t.Helper()
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, " | ") + "\n")
	}
	return b.String()
}

// Two communes merge between 2025-H1 and 2025-Y with a report in flight:
// the new commune's 2025-H1 figures are the old communes' (Excel),
// their officers are told in Vietnamese, and the draft for 2025-Y is the
// new commune's.
func TestUnitsMergeFromTheCommandLine(t *testing.T) {
	env := clitest.Env(t)
	clitest.Run(t, env, "", "seed", "--demo")
	st := openCLIStore(t, env)
	at := storagetest.Now()
	storagetest.Store(t, st, storagetest.Report{Unit: "VQ-XL", Period: "2025-H1", At: at,
		Values: map[string]string{"child_friendly": "1"}})
	storagetest.Store(t, st, storagetest.Report{Unit: "VQ-TD", Period: "2025-H1", At: at,
		Values: map[string]string{"child_friendly": "0"}})
	inFlight := storagetest.Store(t, st, storagetest.Report{Unit: "VQ-XL", Period: "2025-Y", At: at, Draft: true,
		Values: map[string]string{"live_births": "5"}})

	out := clitest.Run(t, env, "", "units", "merge", "--into", "VQ-XTD", "--name", "Xã Xuân Tân", "--parent", "VQ",
		"--from", "VQ-XL,VQ-TD", "--on", "2025-05-01")
	if !strings.Contains(out, "merged into the new unit VQ-XTD from 2025-05-01: 5 units moved under it, 2 people (2 notices queued), 0 unused invites, 1 reports in progress") {
		t.Errorf("merge said %q", out)
	}
	dir := t.TempDir()
	h1 := filepath.Join(dir, "h1.xlsx")
	clitest.Run(t, env, "", "export", "--format", "xlsx", "--unit", "VQ-XTD", "--period", "2025-H1", "--out", h1)
	if got := xlsxCell(t, h1, "LDTBXH", "F2"); got != "50" {
		t.Errorf("1 of the new commune in 2025-H1 = %q, want 50 (one of its two old communes meets the standard)", got)
	}
	district := filepath.Join(dir, "district.xlsx")
	clitest.Run(t, env, "", "export", "--format", "xlsx", "--unit", "VQ", "--period", "2025-H1", "--out", district)
	if got := xlsxCell(t, district, "LDTBXH", "F2"); got != "50" {
		t.Errorf("1 of the district in 2025-H1 = %q, want 50", got)
	}
	yearly := filepath.Join(dir, "year.xlsx")
	clitest.Run(t, env, "", "export", "--format", "xlsx", "--unit", "VQ", "--period", "2025-Y", "--out", yearly)
	if h1, y := sheetText(t, district, "Tình hình nộp"), sheetText(t, yearly, "Tình hình nộp"); !strings.Contains(h1, "Xã Xuân Long") ||
		!strings.Contains(h1, "Xã Tân Đoàn") || strings.Contains(y, "Xã Xuân Long") || strings.Contains(y, "Xã Tân Đoàn") {
		t.Errorf("completeness: 2025-H1 must list the old communes, 2025-Y must not:\n%s\n---\n%s", h1, y)
	}
	units := clitest.Run(t, env, "", "units", "list", "--under", "VQ-XTD")
	for _, want := range []string{"VQ-XL,Xã Xuân Long,commune,VQ-XTD", "VQ-XL-01,Thôn Nà Lùng,village,VQ-XTD", "VQ-TD-02,Thôn Nà Pàn,village,VQ-XTD"} {
		if !strings.Contains(units, want) {
			t.Errorf("units list lacks %q:\n%s", want, units)
		}
	}
	checkMergeNoticesAndDraft(t, st, inFlight.ID)
	out = clitest.Run(t, env, "", "units", "rename", "vq-xtd", "--name", "Xã Xuân Tân Mới")
	if !strings.Contains(out, "renamed VQ-XTD: Xã Xuân Tân Mới") {
		t.Errorf("rename said %q", out)
	}
}

func checkMergeNoticesAndDraft(t *testing.T, st *storage.Store, draftID uint) {
	t.Helper()
	ctx := context.Background()
	msgs, err := st.OutboxMessages(ctx, storage.RuleUnitMerge, storage.OutboxQueued, 10)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("queued notices: %+v %v", msgs, err)
	}
	for _, m := range msgs {
		if m.Lang != "vi" || !strings.Contains(m.Text, "được hợp nhất vào Xã Xuân Tân") || !strings.Contains(m.Text, "01/05/2025") {
			t.Errorf("notice = %q (%s)", m.Text, m.Lang)
		}
	}
	sub, err := st.Submission(ctx, draftID)
	into, _ := st.UnitByCode(ctx, "VQ-XTD")
	if err != nil || into == nil || sub.UnitID != into.ID {
		t.Errorf("the 2025-Y draft in flight belongs to unit %d, want the new commune (%v)", sub.UnitID, err)
	}
}

// A merger that would hide a sent report is refused, saying why, and
// changes nothing.
func TestUnitsMergeRefusedNamesTheReason(t *testing.T) {
	env := clitest.Env(t)
	clitest.Run(t, env, "", "seed", "--demo")
	st := openCLIStore(t, env)
	storagetest.Store(t, st, storagetest.Report{Unit: "VQ-TD", Period: "2025-Y", At: storagetest.Now(),
		Values: map[string]string{"live_births": "60"}})
	errOut := runFails(t, env, "units", "merge", "--into", "VQ-XL", "--from", "VQ-TD", "--on", "2025-05-01")
	if !strings.Contains(errOut, "VQ-TD sent its commune_report report for 2025-Y") {
		t.Errorf("refusal said %q", errOut)
	}
	if errOut := runFails(t, env, "units", "merge", "--into", "VQ-XL", "--from", "VQ-TD", "--on", "1/5/2025"); !strings.Contains(errOut, "YYYY-MM-DD") {
		t.Errorf("a bad date said %q", errOut)
	}
	if u, err := st.UnitByCode(context.Background(), "VQ-TD"); err != nil || !u.Active || u.MergedIntoID != nil {
		t.Errorf("VQ-TD after a refused merger: %+v %v", u, err)
	}
}

// runFails runs the CLI, expects exit code 1 and returns its error output.
func runFails(t *testing.T, env func(string) string, args ...string) string {
	t.Helper()
	code, errOut := runUserCLI(env, args...)
	if code != 1 {
		t.Errorf("treembot %v exited %d, want 1: %s", args, code, errOut)
	}
	return errOut
}
