package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/alicebob/miniredis/v2"

	"treembot/internal/config"
	"treembot/storage/sessions/sessionstest"
	"treembot/storage/storagetest"
)

// benchEnv points a bench at PostgreSQL and Redis when the TEST_* variables
// name them (the bench makes its own database and key prefix there), else
// at SQLite and a miniredis, which is returned so that the test can check
// nothing was left in it.
func benchEnv(t *testing.T) (func(string) string, *miniredis.Miniredis) {
	env := map[string]string{"LOG_LEVEL": "error", "SQLITE_PATH": t.TempDir() + "/unused.db",
		"DATABASE_URL": os.Getenv(storagetest.EnvDatabaseURL)}
	var mr *miniredis.Miniredis
	if r := os.Getenv(sessionstest.EnvRedisURL); r != "" {
		env["REDIS_URL"] = r
	} else {
		mr = miniredis.RunT(t)
		env["REDIS_URL"] = "redis://" + mr.Addr() + "/0"
	}
	return func(k string) string { return env[k] }, mr
}

// runBench runs `treembot bench ARGS` and decodes the JSON line it ends
// with into out; it fails the test when the bench exits non-zero.
func runBench(t *testing.T, out any, args ...string) {
	t.Helper()
	env, mr := benchEnv(t)
	cfg, err := config.Load(env)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	log := slog.New(slog.NewTextHandler(&stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	runErr := Run(context.Background(), &Env{Cfg: cfg, Log: log, Out: &stdout, Err: &stderr}, args)
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), out); err != nil {
		t.Fatalf("bench %v printed no JSON last (%v): %v\n%s\n%s", args, runErr, err, stdout.String(), stderr.String())
	}
	if runErr != nil {
		t.Fatalf("bench %v failed: %v: %s\n%s", args, runErr, stdout.String(), stderr.String())
	}
	if mr != nil && len(mr.Keys()) > 0 {
		t.Errorf("bench %v left %d session keys behind, e.g. %s", args, len(mr.Keys()), mr.Keys()[0])
	}
}

// Every simulated collaborator's answers end up stored exactly as typed,
// through the webhook, with no request failing, and the baseline ran too.
func TestBenchWebhookQuickStoresEveryAnswer(t *testing.T) {
	var res webhookResult
	runBench(t, &res, "webhook", "--quick", "--users", "12")
	// The village report asks 19 questions when every total is above 0;
	// each user also sends 4 mistakes, 3 commands and the confirmation.
	if res.Errors != 0 || res.AnswersExpected != 12*19 || res.AnswersStored != res.AnswersExpected {
		t.Errorf("errors %d, answers stored %d of %d (want %d): %s", res.Errors, res.AnswersStored,
			res.AnswersExpected, 12*19, res.FirstError)
	}
	if res.UsersFinished != 12 || res.Updates < 12*27 || res.BaselineUpdatesPerS <= 0 || res.P99 < res.P50 {
		t.Errorf("implausible figures: %+v", res)
	}
}

// The whole tree's summary counts exactly the reports written.
func TestBenchSummaryQuickCountsEveryReport(t *testing.T) {
	var res summaryResult
	runBench(t, &res, "summary", "--quick", "--users", "211", "--runs", "3")
	if res.Errors != 0 || res.SubmittedExpected == 0 || res.SubmittedReported != res.SubmittedExpected {
		t.Errorf("errors %d, submitted %d reported of %d: %s", res.Errors, res.SubmittedReported,
			res.SubmittedExpected, res.FirstError)
	}
	// 100 communes and 100 villages each report for 6 periods; the district counts the communes.
	if res.ExpectedUnits != 100 || res.Values != 200*6*res.Elements || res.TreeP99 <= 0 || res.CommuneP99 <= 0 {
		t.Errorf("implausible figures: %+v", res)
	}
}

// Half the reporters owe their report and get one reminder each; the ones
// dispatched reach distinct chats.
func TestBenchRemindersQuickSendsNoDuplicate(t *testing.T) {
	var res remindersResult
	runBench(t, &res, "reminders", "--quick", "--users", "500", "--dispatch", "100")
	// 500 villages and 50 communes, every other one submitted.
	if res.Planned != 275 || res.Submitted != 275 {
		t.Errorf("planned %d reminders with %d submitted, want 275 and 275", res.Planned, res.Submitted)
	}
	if res.Errors != 0 || res.Duplicates != 0 || res.Dispatched < 100 {
		t.Errorf("errors %d, duplicates %d, dispatched %d of 100: %s", res.Errors, res.Duplicates,
			res.Dispatched, res.FirstError)
	}
}
