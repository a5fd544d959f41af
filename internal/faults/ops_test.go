//go:build faults

package faults

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"treembot/bot/telegram/telegramtest"
	"treembot/internal/testkit"
)

// stall makes every database write of the bot wait until release: the
// PostgreSQL proxy holds what the bot sends; SQLite's write lock is held.
func (w *faultWorld) stall() (release func()) {
	if w.pg != nil {
		w.pg.Pause()
		return w.pg.Resume
	}
	l := &sqliteLock{t: w.t, path: w.direct.SQLitePath}
	l.down()
	return l.up
}

// Graceful shutdown: SIGTERM while answers are being saved lets them
// finish and be answered, stops polling (what arrives later is left to
// the next process), acknowledges what was handled and exits 0.
func TestSigtermFinishesInFlightAndExitsZero(t *testing.T) {
	t.Parallel()
	w := newFaultWorld(t)
	users := villageUsers(t, w, 8)
	answers := firstAnswers(t, 2)
	b := w.startChild(nil)
	joinAndOpen(t, users)

	release := w.stall()
	polled := len(w.tg.Calls("getUpdates"))
	for _, u := range users {
		w.tg.AddUpdate(telegramtest.PrivateText(u.id, answers[0].typed))
	}
	// The poller asks again only after handing out what it got, so two
	// more polls mean the answers are being handled.
	testkit.Eventually(t, 10*time.Second, "the answers fetched", func() bool { return len(w.tg.Calls("getUpdates")) >= polled+2 })
	start := time.Now()
	if err := b.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Polling stops with the signal's context, which the bot says it saw.
	testkit.Eventually(t, 10*time.Second, "the bot stopping", func() bool { return strings.Contains(b.logs.String(), "treembot stopping") })
	late := w.tg.AddUpdate(telegramtest.PrivateText(users[0].id, answers[1].typed))
	polls := len(w.tg.Calls("getUpdates"))
	release()
	if code := b.wait(30 * time.Second); code != 0 {
		t.Fatalf("exit code %d after SIGTERM", code)
	}
	t.Logf("stopped %s after SIGTERM", time.Since(start).Round(time.Millisecond))
	for _, u := range users {
		if !containsAny(w.tg.Received(u.id), "Câu 2 —") {
			t.Errorf("user %d: the answer in flight at SIGTERM was not answered", u.id)
		}
	}
	if n := len(w.tg.Calls("getUpdates")); n > polls+1 { // at most the final acknowledgement
		t.Errorf("%d more getUpdates after SIGTERM: polling did not stop", n-polls)
	}
	if got := w.tg.Confirmed(); got != late {
		t.Errorf("acknowledged up to %d; want the handled updates (below %d) and not the late one", got, late)
	}
	st := w.store()
	for _, u := range users {
		if vals, _ := draftOf(t, st, u.unit); vals[answers[0].code] != answers[0].stored {
			t.Errorf("%s: the answer in flight is not saved: %v", u.unit, vals)
		}
	}
	w.startChild(nil)
	if err := users[0].await(0, "Câu 3 —", 30*time.Second); err != nil {
		t.Errorf("the update left at shutdown was not handled by the next process: %v", err)
	}
}

// Operations: /healthz, /readyz and /metrics answer; every log line is
// JSON with one "update handled" line per update carrying chat hash,
// kind, latency and outcome; neither the bot token nor what people typed
// (invite codes, figures) ever appears in the logs.
func TestMetricsHealthAndLogsOfAServingBot(t *testing.T) {
	t.Parallel()
	w := newFaultWorld(t)
	users := villageUsers(t, w, 3)
	b := w.startChild(nil)
	joinAndOpen(t, users)
	if err := users[0].say("98765", "Câu 2 —", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/metrics": 200} {
		if got := httpStatus("http://" + b.addr + path); got != want {
			t.Errorf("GET %s: %d, want %d", path, got, want)
		}
	}
	page := httpBody(t, "http://"+b.addr+"/metrics")
	for _, want := range []string{
		`treembot_updates_total{kind="message",outcome="ok"} 7`,
		`treembot_update_duration_seconds_count{kind="message"} 7`,
		`treembot_submissions{status="draft"}`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if code := b.terminate(30 * time.Second); code != 0 {
		t.Errorf("exit code %d", code)
	}
	logs := b.logs.String()
	secrets := []string{telegramtest.Token, strings.Split(telegramtest.Token, ":")[1], "98765"}
	for _, u := range users {
		secrets = append(secrets, u.code)
	}
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("the logs contain %q", s)
		}
	}
	handled := 0
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("log line is not JSON: %q", line)
			continue
		}
		if rec["msg"] == "update handled" && rec["level"] == "INFO" {
			handled++
			for _, k := range []string{"chat", "kind", "latency_ms", "outcome"} {
				if _, ok := rec[k]; !ok {
					t.Errorf("update line lacks %s: %q", k, line)
				}
			}
		}
	}
	if handled != 7 { // 3 joins, 3 /report, 1 answer
		t.Errorf("%d 'update handled' lines, want 7:\n%s", handled, tailOf(logs, 3000))
	}
}

func httpBody(t *testing.T, url string) string {
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

// Markup in a person's name reaches Telegram escaped: the welcome shows
// the name as typed, never as formatting or a link.
func TestMarkupInNamesIsEscapedOnTelegram(t *testing.T) {
	t.Parallel()
	w := newFaultWorld(t)
	u := villageUsers(t, w, 1)[0]
	w.startChild(nil)
	upd := telegramtest.PrivateText(u.id, "/start "+u.code)
	upd.Message.From.FirstName, upd.Message.From.LastName = `<a href="https://evil.example">Lan</a>`, "<b>&</b>"
	if err := u.deliver(upd, "Chào mừng", 30*time.Second); err != nil {
		t.Fatal(err)
	}
	var welcome *telegramtest.Call
	for _, c := range w.tg.Calls("sendMessage") {
		if strings.Contains(c.Params["text"], "Chào mừng") {
			welcome = &c
		}
	}
	if welcome == nil {
		t.Fatal("no welcome sent")
	}
	// The welcome offers to address the person by their given name (the
	// last word of the name): markup in it is escaped, as any name is.
	want := `“anh &lt;b&gt;&amp;&lt;/b&gt;”`
	if welcome.Params["parse_mode"] != "HTML" || !strings.Contains(welcome.Params["text"], want) ||
		strings.Contains(welcome.Params["text"], "<a href") || strings.Contains(welcome.Params["text"], "<b>&") {
		t.Errorf("welcome sent as %q (%s), want the name escaped: %s", welcome.Params["text"], welcome.Params["parse_mode"], want)
	}
}
