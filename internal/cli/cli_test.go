package cli_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"treembot/flows"
	"treembot/internal/cli"
	"treembot/internal/cli/clitest"
	"treembot/locales"
)

// fullScript answers the village report in form order, with bad inputs
// that must be re-asked in front of some answers.
func fullScript(t *testing.T) string {
	forms, err := flows.LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]string{}
	for code, a := range clitest.ScriptAnswers {
		answers[code] = a[1]
	}
	lines := []string{"/report"}
	bad := map[string][]string{"children_u1": {"abc", "-3", "😀"}, "children_u8": {"1.5", ""},
		"children_u16": {"50"}, "marriages": {"0"}, "data_source": {"maybe"}}
	for _, q := range flows.NewEngine(locales.MustLoad()).Questions(forms["village_report"], answers) {
		lines = append(lines, bad[q.ID]...)
		lines = append(lines, clitest.ScriptAnswers[q.ID][0])
	}
	return strings.Join(append(lines, "xác nhận"), "\n") + "\n"
}

// The "done" check: a piped script of a full report, bad inputs
// included, ends with a receipt, and export shows exactly the figures.
func TestPipedChatReportThenExport(t *testing.T) {
	env := clitest.Env(t)
	out := clitest.Run(t, env, fullScript(t), "chat", "--now", "2025-05-08T08:00:00+07:00")
	for _, want := range []string{"nhập báo cáo 6 tháng (01/11/2024–30/04/2025)", "Hạn gửi: 10/05/2025",
		"Xin chỉ gõ chữ số", "✅ Đã gửi báo cáo. Cảm ơn", "Mã biên nhận: VQ-"} {
		if !strings.Contains(out, want) {
			t.Fatalf("chat output lacks %q:\n%s", want, out)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(clitest.Run(t, env, "", "export", "--period", "2025-H1"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		if r[5] != "submitted" || r[1] != rows[1][1] {
			t.Errorf("unexpected export row %v", r)
		}
		got[r[3]] = r[4]
	}
	for code, a := range clitest.ScriptAnswers {
		if got[code] != a[1] {
			t.Errorf("export %s = %q, want %q", code, got[code], a[1])
		}
	}
	if len(got) != len(clitest.ScriptAnswers) {
		t.Errorf("export has %d values, want %d", len(got), len(clitest.ScriptAnswers))
	}
}

// Stopping mid-form and starting again resumes at the next question.
func TestChatResumesAfterRestart(t *testing.T) {
	env := clitest.Env(t)
	now := "2025-05-08T08:00:00+07:00"
	clitest.Run(t, env, "/report\n12\n60\n", "chat", "--now", now)
	out := clitest.Run(t, env, "95\n", "chat", "--now", now)
	if !strings.Contains(out, "Câu 4 —") {
		t.Fatalf("after restart the third answer should lead to question 4:\n%s", out)
	}
	export := clitest.Run(t, env, "", "export")
	for _, want := range []string{"children_u1,12,draft", "children_u5,60,draft", "children_u8,95,draft"} {
		if !strings.Contains(export, want) {
			t.Errorf("export lacks %q:\n%s", want, export)
		}
	}
}

func TestUnknownCommandAndBadConfigExitNonZero(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := cli.Run(context.Background(), []string{"fly"}, cli.Stdio{In: strings.NewReader(""), Out: &out, Err: &errOut},
		func(string) string { return "" }); code == 0 {
		t.Error("unknown command exited 0")
	}
	errOut.Reset()
	code := cli.Run(context.Background(), []string{"migrate"}, cli.Stdio{In: strings.NewReader(""), Out: &out, Err: &errOut},
		func(k string) string { return map[string]string{"BOT_DEFAULT_LANG": "fr"}[k] })
	if code == 0 || !strings.Contains(errOut.String(), "BOT_DEFAULT_LANG") {
		t.Errorf("bad config: exit %d, %q", code, errOut.String())
	}
}
