package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"treembot/flows"
	"treembot/locales"
	"treembot/storage/sessions/sessionstest"
	"treembot/storage/storagetest"
)

// testEnv points the CLI at a fresh database (PostgreSQL schema or SQLite
// file) and, in CI, at Redis under a private prefix.
func testEnv(t *testing.T) func(string) string {
	opts := storagetest.NewOptions(t)
	env := map[string]string{"SQLITE_PATH": opts.SQLitePath, "DATABASE_URL": opts.URL, "LOG_LEVEL": "warn"}
	if r := os.Getenv(sessionstest.EnvRedisURL); r != "" {
		// A fresh prefix per test, deleted after: nothing an earlier run
		// left (seen update ids, conversations) may leak into this one.
		env["REDIS_URL"] = r
		env["REDIS_PREFIX"] = sessionstest.OpenRedis(t, r).Prefix
	}
	return func(k string) string { return env[k] }
}

func runCLI(t *testing.T, env func(string) string, stdin string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, stdio{strings.NewReader(stdin), &out, &errOut}, env)
	if code != 0 {
		t.Fatalf("treembot %v exited %d: %s\n%s", args, code, errOut.String(), out.String())
	}
	return out.String()
}

// scriptAnswers are typed the way collaborators type; want is how they
// must be stored.
var scriptAnswers = map[string][2]string{
	"children_u1": {"12", "12"}, "children_u5": {"60 trẻ", "60"}, "children_u8": {"95", "95"},
	"children_u16": {"1.210", "1210"}, "u8_ecd_access": {"90", "90"},
	"special_circumstances": {"3", "3"}, "special_assisted": {"3", "3"}, "abuse_cases": {"0", "0"},
	"child_labour": {"0", "0"}, "accident_injuries": {"2", "2"}, "accident_deaths": {"0", "0"},
	"disaster_affected": {"4", "4"}, "disaster_helped": {"4", "4"}, "child_marriages": {"1", "1"},
	"marriages": {"8", "8"}, "u5_birth_unregistered": {"2 em", "2"},
	"data_source": {"Khảo sát, rà soát", "survey"}, "difficulties": {"Thiếu kinh phí", "Thiếu kinh phí"},
	"proposals": {"bỏ qua", ""},
}

// fullScript answers the village report in form order, with bad inputs
// that must be re-asked in front of some answers.
func fullScript(t *testing.T) string {
	forms, err := flows.LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]string{}
	for code, a := range scriptAnswers {
		answers[code] = a[1]
	}
	lines := []string{"/report"}
	bad := map[string][]string{"children_u1": {"abc", "-3", "😀"}, "children_u8": {"1.5", ""},
		"children_u16": {"50"}, "marriages": {"0"}, "data_source": {"maybe"}}
	for _, q := range flows.NewEngine(locales.MustLoad()).Questions(forms["village_report"], answers) {
		lines = append(lines, bad[q.ID]...)
		lines = append(lines, scriptAnswers[q.ID][0])
	}
	return strings.Join(append(lines, "xác nhận"), "\n") + "\n"
}

// The "done" check: a piped script of a full report, bad inputs
// included, ends with a receipt, and export shows exactly the figures.
func TestPipedChatReportThenExport(t *testing.T) {
	env := testEnv(t)
	out := runCLI(t, env, fullScript(t), "chat", "--now", "2025-05-08T08:00:00+07:00")
	for _, want := range []string{"Báo cáo 6 tháng kỳ 01/11/2024–30/04/2025, hạn 15/05/2025",
		"không phải là một số", "Đã gửi báo cáo thành công", "Số biên nhận: VQ-"} {
		if !strings.Contains(out, want) {
			t.Fatalf("chat output lacks %q:\n%s", want, out)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(runCLI(t, env, "", "export", "--period", "2025-H1"))).ReadAll()
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
	for code, a := range scriptAnswers {
		if got[code] != a[1] {
			t.Errorf("export %s = %q, want %q", code, got[code], a[1])
		}
	}
	if len(got) != len(scriptAnswers) {
		t.Errorf("export has %d values, want %d", len(got), len(scriptAnswers))
	}
}

// Stopping mid-form and starting again resumes at the next question.
func TestChatResumesAfterRestart(t *testing.T) {
	env := testEnv(t)
	now := "2025-05-08T08:00:00+07:00"
	runCLI(t, env, "/report\n12\n60\n", "chat", "--now", now)
	out := runCLI(t, env, "95\n", "chat", "--now", now)
	if !strings.Contains(out, "Câu 4/") {
		t.Fatalf("after restart the third answer should lead to question 4:\n%s", out)
	}
	export := runCLI(t, env, "", "export")
	for _, want := range []string{"children_u1,12,draft", "children_u5,60,draft", "children_u8,95,draft"} {
		if !strings.Contains(export, want) {
			t.Errorf("export lacks %q:\n%s", want, export)
		}
	}
}

func TestUnknownCommandAndBadConfigExitNonZero(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"fly"}, stdio{strings.NewReader(""), &out, &errOut},
		func(string) string { return "" }); code == 0 {
		t.Error("unknown command exited 0")
	}
	errOut.Reset()
	code := run(context.Background(), []string{"migrate"}, stdio{strings.NewReader(""), &out, &errOut},
		func(k string) string { return map[string]string{"BOT_DEFAULT_LANG": "fr"}[k] })
	if code == 0 || !strings.Contains(errOut.String(), "BOT_DEFAULT_LANG") {
		t.Errorf("bad config: exit %d, %q", code, errOut.String())
	}
}
