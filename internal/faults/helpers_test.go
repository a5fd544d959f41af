//go:build faults

package faults

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"treembot/bot/telegram/telegramtest"
	"treembot/internal/cli"
	"treembot/internal/cli/clitest"
	"treembot/internal/testkit"
	"treembot/storage"
	"treembot/storage/sessions"
	"treembot/storage/storagetest"
)

// childFlag marks the test binary re-executed as a bot process.
const childFlag = "TREEMBOT_FAULTS_CHILD"

// faultNow is the instant the bots pretend it is: 2025-H1 is open.
const faultNow = "2025-05-08T08:00:00+07:00"

// TestHelperProcess is not a test: run with childFlag set, it is the
// treembot binary (`treembot serve ...`, the arguments after "--"), so a
// fault test can SIGKILL or SIGTERM a real process.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(childFlag) != "1" {
		return
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(cli.Run(context.Background(), args, cli.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, os.Getenv))
}

// faultWorld is what the bot processes of one fault test share: the
// database, Redis and the fake Bot API, each reachable through a proxy
// the test can cut.
type faultWorld struct {
	t       *testing.T
	tg      *telegramtest.Server
	env     map[string]string // the bot's environment
	direct  storage.Options   // the database without the proxy, for the test's own checks
	pg      *tcpProxy         // nil on SQLite
	redis   *tcpProxy
	redisDB *redis.Client // direct, for flushing this test's keys
	prefix  string
}

// newFaultWorld seeds the demo district and sets up the proxies.
func newFaultWorld(t *testing.T) *faultWorld {
	base := clitest.Env(t)
	clitest.Run(t, base, "", "seed", "--demo")
	w := &faultWorld{t: t, tg: telegramtest.NewServer(t), env: map[string]string{
		"SQLITE_PATH": base("SQLITE_PATH"), "DATABASE_URL": base("DATABASE_URL"),
		"LOG_LEVEL": "info", "LOG_FORMAT": "json",
		"TELEGRAM_TOKEN": telegramtest.Token, "TELEGRAM_CHAT_INTERVAL": "1ms", "TELEGRAM_GLOBAL_RATE": "1000",
		"TELEGRAM_RETRY_BASE": "100ms", "TELEGRAM_POLL_TIMEOUT": "1",
	}}
	w.env["TELEGRAM_API_ENDPOINT"] = w.tg.Endpoint()
	w.direct = storage.Options{URL: base("DATABASE_URL"), SQLitePath: base("SQLITE_PATH")}
	if u := base("DATABASE_URL"); u != "" {
		w.pg = startProxy(t, hostOf(t, u))
		w.env["DATABASE_URL"] = withHost(t, u, w.pg.addr)
	}
	redisURL, prefix := base("REDIS_URL"), base("REDIS_PREFIX")
	if redisURL == "" { // no TEST_REDIS_URL: a miniredis, still over TCP
		m := miniredis.RunT(t)
		m.ClockTTL(true) // locks of a killed bot expire on the wall clock, as in Redis
		redisURL, prefix = "redis://"+m.Addr(), "treembot-faults:"
	}
	w.prefix = prefix
	w.redis = startProxy(t, hostOf(t, redisURL))
	w.env["REDIS_URL"], w.env["REDIS_PREFIX"] = withHost(t, redisURL, w.redis.addr), prefix
	opts, err := sessions.ParseRedisURL(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	w.redisDB = redis.NewClient(opts)
	t.Cleanup(func() { w.redisDB.Close() })
	return w
}

// store opens the database directly (not through the proxy).
func (w *faultWorld) store() *storage.Store { return storagetest.Open(w.t, w.direct) }

// flushRedis deletes every key of this bot, as FLUSHALL would; on a Redis
// shared with other tests FLUSHALL itself would wipe their keys too.
func (w *faultWorld) flushRedis() {
	ctx := context.Background()
	iter := w.redisDB.Scan(ctx, 0, w.prefix+"*", 1000).Iterator()
	n := 0
	for iter.Next(ctx) {
		if err := w.redisDB.Del(ctx, iter.Val()).Err(); err != nil {
			w.t.Fatalf("flush: %v", err)
		}
		n++
	}
	if err := iter.Err(); err != nil || n == 0 {
		w.t.Fatalf("flush deleted %d keys: %v", n, err)
	}
}

// botProc is one treembot process, a child of the test.
type botProc struct {
	t    *testing.T
	cmd  *exec.Cmd
	addr string // HTTP_ADDR
	logs *testkit.SyncBuffer
	done chan struct{}
	code int
}

// startChild runs `treembot serve` as a real child process with the
// world's environment plus extra, and waits until it is ready.
func (w *faultWorld) startChild(extra map[string]string) *botProc {
	w.t.Helper()
	b := &botProc{t: w.t, addr: clitest.FreeAddr(w.t), logs: &testkit.SyncBuffer{}, done: make(chan struct{})}
	env := []string{childFlag + "=1", "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "HTTP_ADDR=" + b.addr}
	for k, v := range w.env {
		env = append(env, k+"="+v)
	}
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	b.cmd = exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "--", "serve", "--now", faultNow)
	b.cmd.Env = env
	b.cmd.Stdout, b.cmd.Stderr = b.logs, b.logs
	if err := b.cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	go func() {
		_ = b.cmd.Wait()
		b.code = b.cmd.ProcessState.ExitCode()
		close(b.done)
	}()
	w.t.Cleanup(func() {
		b.kill()
		if w.t.Failed() {
			w.t.Logf("bot %d log (tail):\n%s", b.cmd.Process.Pid, tailOf(b.logs.String(), 4000))
		}
	})
	b.waitReady()
	return b
}

// waitReady waits for /readyz to answer 200.
func (b *botProc) waitReady() {
	b.t.Helper()
	testkit.Eventually(b.t, 30*time.Second, "the bot ready", func() bool {
		select {
		case <-b.done:
			b.t.Fatalf("bot exited %d before it was ready:\n%s", b.code, tailOf(b.logs.String(), 4000))
		default:
		}
		return httpStatus("http://"+b.addr+"/readyz") == http.StatusOK
	})
}

// kill ends the process at once (SIGKILL), as a crash or an OOM kill does.
func (b *botProc) kill() {
	if b.cmd.Process != nil {
		_ = b.cmd.Process.Signal(syscall.SIGKILL)
	}
	<-b.done
}

// terminate sends SIGTERM and returns the exit code, failing the test if
// the process does not stop within limit.
func (b *botProc) terminate(limit time.Duration) int {
	b.t.Helper()
	if err := b.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		b.t.Fatal(err)
	}
	return b.wait(limit)
}

// wait returns the exit code, failing the test if the process does not
// end within limit.
func (b *botProc) wait(limit time.Duration) int {
	b.t.Helper()
	select {
	case <-b.done:
		return b.code
	case <-time.After(limit):
		b.t.Fatalf("bot did not stop within %s", limit)
		return -1
	}
}

func (b *botProc) alive() bool {
	select {
	case <-b.done:
		return false
	default:
		return true
	}
}

func httpStatus(u string) int {
	c := http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get(u)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func tailOf(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

func hostOf(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

func withHost(t *testing.T, raw, host string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = host
	return u.String()
}

// containsAny reports whether any message text contains want.
func containsAny(msgs []telegramtest.Sent, want string) bool {
	for _, m := range msgs {
		if strings.Contains(m.Text, want) {
			return true
		}
	}
	return false
}
