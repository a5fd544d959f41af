package clitest

import (
	"bytes"
	"context"
	"net"
	"os"
	"strings"
	"testing"

	"treembot/internal/cli"
	"treembot/storage/sessions/sessionstest"
	"treembot/storage/storagetest"
)

// Env points the CLI at a fresh database (PostgreSQL schema or SQLite
// file) and, in CI, at Redis under a private prefix.
func Env(t *testing.T) func(string) string {
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

// ScriptAnswers are typed the way collaborators type; want is how they
// must be stored.
var ScriptAnswers = map[string][2]string{
	"children_u1": {"12", "12"}, "children_u5": {"60 trẻ", "60"}, "children_u8": {"95", "95"},
	"children_u16": {"1.210", "1210"}, "u8_ecd_access": {"90", "90"},
	"special_circumstances": {"3", "3"}, "special_assisted": {"3", "3"}, "abuse_cases": {"0", "0"},
	"child_labour": {"0", "0"}, "accident_injuries": {"2", "2"}, "accident_deaths": {"0", "0"},
	"disaster_affected": {"4", "4"}, "disaster_helped": {"4", "4"}, "child_marriages": {"1", "1"},
	"marriages": {"8", "8"}, "u5_birth_unregistered": {"2 em", "2"},
	"data_source": {"Khảo sát, rà soát", "survey"}, "difficulties": {"Thiếu kinh phí", "Thiếu kinh phí"},
	"proposals": {"bỏ qua", ""},
}

// FreeAddr is a TCP address on 127.0.0.1 that was free a moment ago.
func FreeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// Run runs a treembot command in this process and returns what it
// printed; the test fails when it exits non-zero.
func Run(t *testing.T, env func(string) string, stdin string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), args, cli.Stdio{In: strings.NewReader(stdin), Out: &out, Err: &errOut}, env)
	if code != 0 {
		t.Fatalf("treembot %v exited %d: %s\n%s", args, code, errOut.String(), out.String())
	}
	return out.String()
}
