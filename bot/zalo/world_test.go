package zalo_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"treembot/bot"
	"treembot/bot/chatmsg"
	"treembot/bot/zalo"
	"treembot/bot/zalo/zalotest"
	"treembot/flows"
	"treembot/internal/testkit"
	"treembot/locales"
	"treembot/storage"
	"treembot/storage/sessions"
	"treembot/storage/sessions/sessionstest"
	"treembot/storage/storagetest"
)

// world is one bot instance on a real router, store and session store,
// talking to fake Zalo servers, with a clock tests can move.
type world struct {
	t       *testing.T
	store   *storage.Store
	sess    sessions.Store
	cat     *locales.Catalog
	router  *bot.Router
	botSrv  *zalotest.BotServer
	oaSrv   *zalotest.OAServer
	adapter *zalo.Adapter
	hooks   map[string]http.Handler
	logs    *testkit.SyncBuffer
	cfg     zalo.Config // the adapter's configuration

	mu     sync.Mutex
	now    time.Time
	alerts []error
	gone   []string
	notes  []string // OnAlert's message ids

	// handled counts the updates the router has answered, replies the
	// messages it answered them with: a test waits on these rather than
	// sleeping to see that nothing more comes.
	handled, replies atomic.Int64
}

// newBotWorld is a world with only the Bot API configured.
func newBotWorld(t *testing.T) *world {
	t.Helper()
	return newWorld(t, func(c *zalo.Config) { c.OAAppID = "" })
}

// newOAWorld is a world with only the Official Account configured.
func newOAWorld(t *testing.T) *world {
	t.Helper()
	return newWorld(t, func(c *zalo.Config) { c.BotToken = "" })
}

func newWorld(t *testing.T, configure func(*zalo.Config)) *world {
	t.Helper()
	st, _ := storagetest.NewSeeded(t, nil)
	w := &world{t: t, store: st, sess: sessionstest.New(t), cat: locales.MustLoad(), now: storagetest.Now(),
		botSrv: zalotest.NewBotServer(t), oaSrv: zalotest.NewOAServer(t), logs: &testkit.SyncBuffer{}}
	w.oaSrv.Now = w.clock
	forms, err := flows.LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	w.router, err = bot.NewRouter(bot.Deps{Store: st, Sessions: w.sess, Engine: flows.NewEngine(w.cat), Forms: forms,
		Catalog: w.cat, Clock: w.clock, Zone: storagetest.Zone(), DefaultLang: "vi"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := zalo.Config{
		BotToken: zalotest.BotToken, BotAPIEndpoint: w.botSrv.URL, BotPollTimeout: 1,
		OAAppID: zalotest.AppID, OASecret: zalotest.OASecret, OAAppSecret: zalotest.AppSecret,
		OARefreshToken: zalotest.FirstRefresh, OAAPIEndpoint: w.oaSrv.URL, OAuthEndpoint: w.oaSrv.URL,
		Rate: 1000, ChatInterval: time.Millisecond, RetryBase: 10 * time.Millisecond, Workers: 4,
	}
	if configure != nil {
		configure(&cfg)
	}
	w.cfg = cfg
	w.adapter = w.newAdapter(cfg)
	w.hooks = w.adapter.Handlers()
	t.Cleanup(w.checkLogs)
	return w
}

// newAdapter starts another adapter on the same router and stores, as a
// second instance of the bot would be.
func (w *world) newAdapter(cfg zalo.Config) *zalo.Adapter {
	w.t.Helper()
	return w.newAdapterHandled(cfg, w.router)
}

// newAdapterHandled is newAdapter whose router is h.
func (w *world) newAdapterHandled(cfg zalo.Config, h chatmsg.Handler) *zalo.Adapter {
	w.t.Helper()
	log := slog.New(slog.NewTextHandler(w.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := zalo.New(cfg, zalo.Deps{Handler: w.counted(h), Sessions: w.sess, NotFound: sessions.ErrNotFound, Tokens: w.store, Clock: w.clock,
		Logger: log, Catalog: w.cat,
		// As serve wires them: the identity is marked unreachable, and
		// reachable again when the person writes.
		OnGone: func(ctx context.Context, channel, chat string) {
			_ = w.store.SetIdentityActive(ctx, channel, chat, false)
			w.mu.Lock()
			w.gone = append(w.gone, channel+":"+chat)
			w.mu.Unlock()
		},
		OnReturn: func(ctx context.Context, channel, chat string) {
			_ = w.store.SetIdentityActive(ctx, channel, chat, true)
		},
		OnAlert: func(_ context.Context, id string, data map[string]any) {
			w.mu.Lock()
			w.notes = append(w.notes, w.cat.T("vi", id, data))
			w.mu.Unlock()
		},
		OnTokenAlert: func(_ context.Context, err error) {
			w.mu.Lock()
			w.alerts = append(w.alerts, err)
			w.mu.Unlock()
		}})
	if err != nil {
		w.t.Fatalf("zalo.New: %v", err)
	}
	return a
}

// counted is h counting into w.handled and w.replies once h has answered.
func (w *world) counted(h chatmsg.Handler) chatmsg.Handler {
	return chatmsg.HandlerFunc(func(ctx context.Context, upd chatmsg.Update) ([]chatmsg.Message, error) {
		out, err := h.Handle(ctx, upd)
		w.replies.Add(int64(len(out)))
		w.handled.Add(1)
		return out, err
	})
}

// quiet waits until the router has answered at least n updates, the
// spool is empty (a redelivered webhook event is spooled before its 200
// and leaves the spool once answered, or is dropped while a copy is in
// hand) and every reply the router gave has reached received: after that,
// nothing more is on its way.
func (w *world) quiet(n int64, received func() int) {
	w.t.Helper()
	testkit.Eventually(w.t, patience, fmt.Sprintf("%d updates answered and their replies delivered", n), func() bool {
		pending, err := w.adapter.Pending(context.Background())
		return err == nil && pending == 0 && w.handled.Load() >= n && int64(received()) >= w.replies.Load()
	})
}

func (w *world) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

func (w *world) advance(d time.Duration) {
	w.mu.Lock()
	w.now = w.now.Add(d)
	w.mu.Unlock()
}

// adminNotes returns the alerts the admins received, rendered.
func (w *world) adminNotes() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.notes...)
}

func (w *world) alertCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.alerts)
}

// checkLogs fails the test when a secret reached the logs.
func (w *world) checkLogs() {
	logs := w.logs.String()
	for _, secret := range []string{zalotest.BotToken, "fAkE-zalo", zalotest.OASecret, zalotest.AppSecret, "access-token-", "refresh-token-"} {
		if strings.Contains(logs, secret) {
			w.t.Errorf("the logs hold a secret (%q):\n%s", secret, logs)
		}
	}
}

// run starts the adapter until the test ends.
func (w *world) run() {
	w.t.Helper()
	runAdapter(w.t, w.adapter)
}

// runAdapter runs a until the returned stop is called or the test ends.
func runAdapter(t *testing.T, a *zalo.Adapter) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Error("Run did not stop within 10s")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// invite makes a collaborator invite for a village.
func (w *world) invite() string {
	w.t.Helper()
	invs, err := w.store.CreateInvites(context.Background(), storage.InviteRequest{Role: storage.RoleCollaborator,
		UnitCode: "VQ-XL-01", Count: 1, TTL: 24 * time.Hour, Now: w.clock()})
	if err != nil {
		w.t.Fatal(err)
	}
	return invs[0].Code
}

// conversation reads the router's conversation state of a chat.
func (w *world) conversation(channel, chat string) (stage, current string) {
	w.t.Helper()
	raw, err := w.sess.Get(context.Background(), "conv:"+channel+":"+chat)
	if err != nil {
		return "", ""
	}
	var c struct {
		State struct {
			Stage   string `json:"stage"`
			Current string `json:"current"`
		} `json:"state"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		w.t.Fatal(err)
	}
	return c.State.Stage, c.State.Current
}

// patience is how long a test waits for the adapter to act on an event.
const patience = 5 * time.Second

// settle waits until a has handled every webhook event it accepted.
func settle(t *testing.T, a *zalo.Adapter) {
	t.Helper()
	testkit.Eventually(t, patience, "the accepted events handled", func() bool {
		n, err := a.Pending(context.Background())
		return err == nil && n == 0
	})
}

// newAdapterWith starts a second OA adapter whose router is h.
func (w *world) newAdapterWith(h chatmsg.Handler) *zalo.Adapter {
	w.t.Helper()
	a, err := zalo.New(zalo.Config{OAAppID: zalotest.AppID, OASecret: zalotest.OASecret, OAAppSecret: zalotest.AppSecret,
		OAAPIEndpoint: w.oaSrv.URL, OAuthEndpoint: w.oaSrv.URL, RetryBase: 10 * time.Millisecond, ChatInterval: time.Millisecond},
		zalo.Deps{Handler: h, Sessions: w.sess, NotFound: sessions.ErrNotFound, Tokens: w.store, Clock: w.clock, Catalog: w.cat,
			Logger: slog.New(slog.NewTextHandler(w.logs, nil))})
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

// flakyHandler fails its first calls, as a router whose database is down.
type flakyHandler struct {
	mu       sync.Mutex
	next     chatmsg.Handler
	failures int
}

func (f *flakyHandler) Handle(ctx context.Context, upd chatmsg.Update) ([]chatmsg.Message, error) {
	f.mu.Lock()
	fail := f.failures > 0
	f.failures--
	f.mu.Unlock()
	if fail {
		return nil, errors.New("database is down")
	}
	return f.next.Handle(ctx, upd)
}

// recorder passes updates to next and keeps their ids, in order.
type recorder struct {
	mu   sync.Mutex
	next chatmsg.Handler
	ids  []string
}

func (r *recorder) Handle(ctx context.Context, upd chatmsg.Update) ([]chatmsg.Message, error) {
	r.mu.Lock()
	r.ids = append(r.ids, upd.UpdateID)
	r.mu.Unlock()
	return r.next.Handle(ctx, upd)
}

func (r *recorder) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.ids...)
}
