package telegram

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/telegram/fakeapi"
	"treembot/bot/telegram/telegramtest"
	"treembot/internal/testkit"
)

// recorder is a stand-in router: it records every Handle call, can fail
// on demand, can be slow, measures concurrency and echoes the text back.
type recorder struct {
	mu            sync.Mutex
	calls         []chatmsg.Update
	failures      map[string]int // update text → failures left before success
	delay         time.Duration
	perChat       map[string]int
	maxPerChat    int
	running       int
	maxConcurrent int
}

func newRecorder() *recorder {
	return &recorder{failures: map[string]int{}, perChat: map[string]int{}}
}

func (r *recorder) Handle(ctx context.Context, upd chatmsg.Update) ([]chatmsg.Message, error) {
	r.mu.Lock()
	r.calls = append(r.calls, upd)
	r.perChat[upd.ChatID]++
	r.maxPerChat = max(r.maxPerChat, r.perChat[upd.ChatID])
	r.running++
	r.maxConcurrent = max(r.maxConcurrent, r.running)
	fail := r.failures[upd.Text] > 0
	if fail {
		r.failures[upd.Text]--
	}
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.perChat[upd.ChatID]--
		r.running--
		r.mu.Unlock()
	}()
	if r.delay > 0 {
		time.Sleep(r.delay)
	}
	if fail {
		return nil, errors.New("database is down")
	}
	return []chatmsg.Message{{ChatID: upd.ChatID, Text: "echo: " + upd.Text}}, nil
}

func (r *recorder) failNext(text string, times int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures[text] = times
}

func (r *recorder) seen() []chatmsg.Update {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]chatmsg.Update(nil), r.calls...)
}

// concurrency is the most updates handled at once for one chat, and overall.
func (r *recorder) concurrency() (perChat, overall int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.maxPerChat, r.maxConcurrent
}

// texts lists the texts handled for chatID, in order.
func (r *recorder) texts(chatID string) []string {
	var out []string
	for _, u := range r.seen() {
		if u.ChatID == chatID {
			out = append(out, u.Text)
		}
	}
	return out
}

// inProcess is a fake Bot API for a test in a testing/synctest bubble, and
// the adapter's dependencies that reach it without a socket (a real one
// would keep the bubble's clock from moving). Drop failures need a real
// connection to cut, so tests of them use telegramtest.NewServer.
func inProcess(h chatmsg.Handler) (*telegramtest.Server, Deps) {
	srv := fakeapi.New()
	return srv, Deps{Handler: h, Transport: srv.Transport()}
}

// testConfig is a fast configuration against the fake server.
func testConfig(srv *telegramtest.Server) Config {
	return Config{
		Token: telegramtest.Token, APIEndpoint: srv.Endpoint(),
		RetryBase: 20 * time.Millisecond, ChatInterval: time.Millisecond,
		GlobalRate: 10000, PollTimeout: 1, Workers: 8,
	}
}

// newAdapter builds an adapter whose logs (debug level included) are
// checked for the token when the test ends.
func newAdapter(t *testing.T, cfg Config, deps Deps) *Adapter {
	t.Helper()
	logs := &testkit.SyncBuffer{}
	deps.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := New(cfg, deps)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() {
		if strings.Contains(logs.String(), cfg.Token) {
			t.Errorf("the token appears in the logs:\n%s", logs.String())
		}
	})
	return a
}

// run starts a.Run and returns a stop function that cancels it and waits.
func run(t *testing.T, a *Adapter) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Run did not stop within 10s of cancellation")
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

func readPayload(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func itoa(n int) string { return strconv.Itoa(n) }

// botQuestion is a question with one button per data value.
func botQuestion(text string, data ...string) chatmsg.Message {
	var row []chatmsg.Button
	for _, d := range data {
		row = append(row, chatmsg.Button{Label: d, Data: d})
	}
	return chatmsg.Message{ChatID: "111", Text: text, Buttons: [][]chatmsg.Button{row}}
}
