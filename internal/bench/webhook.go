package bench

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/telegram"
	"treembot/bot/telegram/fakeapi"
	"treembot/internal/app"
	"treembot/internal/config"
)

// benchSendRate replaces Telegram's 30 messages a second: the fake Bot API
// answers at once, and the bench measures the bot, not Telegram's limit.
const benchSendRate = 1_000_000

// benchWebhookSecret is the webhook secret of the bot under test.
const benchWebhookSecret = "bench-secret"

// webhookResult is what `bench webhook` prints. The first nine fields are
// the issue's; the rest say what was measured.
type webhookResult struct {
	Updates             int     `json:"updates"`
	UpdatesPerS         float64 `json:"updates_per_s"`
	P50                 float64 `json:"p50_ms"`
	P99                 float64 `json:"p99_ms"`
	BaselineUpdatesPerS float64 `json:"baseline_updates_per_s"`
	Ratio               float64 `json:"ratio"`
	Errors              int     `json:"errors"`
	AnswersExpected     int     `json:"answers_expected"`
	AnswersStored       int     `json:"answers_stored"`

	// The durable baseline: per update one committed database transaction
	// writing one row, one Redis call and one sendMessage.
	DurableUpdatesPerS float64 `json:"durable_baseline_updates_per_s"`
	RatioDurable       float64 `json:"ratio_durable"`
	DurableP50         float64 `json:"durable_baseline_p50_ms"`
	DurableP99         float64 `json:"durable_baseline_p99_ms"`
	// From an update's arrival to its last reply at the Bot API, the bot
	// under Telegram's production pacing, at an offered rate.
	ReplyP50     float64 `json:"reply_latency_ms_p50"`
	ReplyP99     float64 `json:"reply_latency_ms_p99"`
	ReplyOffered float64 `json:"reply_latency_offered_rate"`
	ReplyRate    float64 `json:"reply_latency_updates_per_s"`
	ReplyCount   int     `json:"reply_latency_updates"`

	StepP99       map[string]float64 `json:"p99_ms_by_step"`
	BaselineP50   float64            `json:"baseline_p50_ms"`
	BaselineP99   float64            `json:"baseline_p99_ms"`
	CPUPerUpdate  float64            `json:"cpu_ms_per_update"`
	BaselineCPU   float64            `json:"baseline_cpu_ms_per_update"`
	Allocs        int                `json:"allocs_per_update"`
	DBXacts       float64            `json:"db_xacts_per_update,omitempty"`
	DBSessions    int                `json:"db_connections_opened,omitempty"`
	DBCPU         float64            `json:"db_cpu_ms_per_update,omitempty"`    // the PostgreSQL backends serving the bench database
	RedisCPU      float64            `json:"redis_cpu_ms_per_update,omitempty"` // the whole Redis server, other clients included
	Users         int                `json:"users"`
	UsersFinished int                `json:"users_finished"`
	Connections   int                `json:"connections"`
	OfferedRate   float64            `json:"offered_rate,omitempty"`
	Seconds       float64            `json:"seconds"`
	Database      string             `json:"database"`
	Sessions      string             `json:"sessions"`
	FirstError    string             `json:"first_error,omitempty"`
}

// webhookOptions are the webhook bench's settings.
type webhookOptions struct {
	*benchFlags
	conns, workers int
	rate           float64
	replyRate      float64 // the offered rate of the reply-latency run
	production     bool    // Telegram's real pacing instead of benchSendRate
}

// benchWebhook is `bench webhook`: simulated collaborators join and fill
// in the whole commune report through the webhook of the full bot, then
// the same load goes to a bare echo handler (the baseline).
func benchWebhook(ctx context.Context, env *Env, args []string) error {
	var o webhookOptions
	return runSpec(ctx, env, args, spec[*webhookResult]{
		name: "webhook", users: 1000, quickUsers: 50, duration: 5 * time.Minute,
		flags: func(fs *flag.FlagSet, f *benchFlags) {
			o.benchFlags = f
			fs.IntVar(&o.conns, "connections", 40, "webhook requests in flight at most (Telegram's max_connections default is 40)")
			fs.IntVar(&o.workers, "workers", 0, "chats the bot handles in parallel (TELEGRAM_WORKERS; 0 = its default)")
			fs.Float64Var(&o.rate, "rate", 0, "offer this many updates a second, evenly spaced (0 = each as soon as its chat may: saturation)")
			fs.Float64Var(&o.replyRate, "reply-rate", 100, "offered updates a second of the reply-latency run (production pacing)")
		},
		check: func() error {
			if o.conns <= 0 || o.workers < 0 || o.rate < 0 {
				return errors.New("--connections must be positive, --workers and --rate not negative")
			}
			return nil
		},
		run: func(ctx context.Context, cfg config.Config) (*webhookResult, error) {
			return runWebhookBench(ctx, env, cfg, o)
		},
		verify: func(res *webhookResult) error {
			if res.Errors > 0 || res.AnswersStored != res.AnswersExpected {
				return fmt.Errorf("%d errors, %d of %d answers stored", res.Errors, res.AnswersStored, res.AnswersExpected)
			}
			return nil
		},
	})
}

// runWebhookBench sets up the bot on cfg, runs both loads and counts what
// was stored.
func runWebhookBench(ctx context.Context, env *Env, cfg config.Config, o webhookOptions) (*webhookResult, error) {
	a, _, err := openApp(ctx, env, cfg)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	env.Log.Info("bench webhook: creating units and invites", "users", o.users)
	users, err := makeBenchUsers(ctx, a, o.users)
	if err != nil {
		return nil, err
	}
	env.Log.Info("bench webhook: full bot", "users", o.users, "connections", o.conns, "rate", o.rate)
	before := readServerCounts(ctx, cfg)
	bot, err := runBotLoad(ctx, a, users, o)
	if err != nil {
		return nil, err
	}
	if after := readServerCounts(ctx, cfg); bot.updates > 0 && cfg.DatabaseURL != "" {
		n := int64(bot.updates)
		bot.dbXacts = float64((after.xacts-before.xacts)*100/n) / 100
		bot.dbSessions = int(after.sessions - before.sessions - 1) // less readServerCounts' own
		bot.dbCPU, bot.redisCPU = dbCPU(before, after)/time.Duration(n), (after.redisCPU-before.redisCPU)/time.Duration(n)
	}
	stored, err := countStored(ctx, a, users)
	if err != nil {
		return nil, err
	}
	env.Log.Info("bench webhook: baseline echo handler")
	base, err := runBaselineLoad(ctx, users, o, echoHandler)
	if err != nil {
		return nil, err
	}
	env.Log.Info("bench webhook: durable baseline")
	durable, err := runBaselineLoad(ctx, users, o, func(endpoint string) (http.Handler, error) { return durableHandler(endpoint, a) })
	if err != nil {
		return nil, err
	}
	res := webhookSummary(cfg, o, users, bot, base, stored)
	addDurable(res, bot, durable)
	env.Log.Info("bench webhook: reply latency under production pacing", "rate", o.replyRate)
	if err := runReplyLatency(ctx, env, o, res); err != nil {
		return nil, err
	}
	return res, nil
}

// webhookSummary puts both runs' figures together.
func webhookSummary(cfg config.Config, o webhookOptions, users []*benchUser, bot, base *loadStats, stored int) *webhookResult {
	db, sess := benchKind(cfg)
	res := &webhookResult{
		Updates: bot.updates, UpdatesPerS: bot.rate(), P50: bot.p(50), P99: bot.p(99),
		BaselineUpdatesPerS: base.rate(), Errors: bot.errors + base.errors,
		AnswersExpected: expectedAnswers(users), AnswersStored: stored,
		StepP99: bot.kindP99(), BaselineP50: base.p(50), BaselineP99: base.p(99), CPUPerUpdate: bot.cpuPerUpdate(),
		BaselineCPU: base.cpuPerUpdate(), Allocs: bot.allocsPerUpdate(), DBXacts: bot.dbXacts,
		DBSessions: bot.dbSessions, DBCPU: ms(bot.dbCPU), RedisCPU: ms(bot.redisCPU), Users: len(users), UsersFinished: bot.finished,
		Connections: o.conns, OfferedRate: o.rate, Seconds: bot.elapsed.Seconds(), Database: db, Sessions: sess,
		FirstError: firstOf(bot.firstErr, base.firstErr),
	}
	if res.BaselineUpdatesPerS > 0 {
		res.Ratio = float64(int(res.UpdatesPerS/res.BaselineUpdatesPerS*1000)) / 1000
	}
	return res
}

// runBotLoad starts the real Telegram adapter's webhook in front of the
// router, against a fake Bot API, and plays every user's script on it.
func runBotLoad(ctx context.Context, a *app.App, users []*benchUser, o webhookOptions) (*loadStats, error) {
	fake := fakeapi.Start()
	defer fake.Close()
	cfg := telegram.Config{
		Token: fakeapi.Token, APIEndpoint: fake.Endpoint(),
		WebhookURL: "https://bench.invalid/telegram/webhook", WebhookSecret: benchWebhookSecret,
		GlobalRate: benchSendRate, ChatInterval: time.Millisecond, Workers: o.workers,
	}
	if o.production {
		cfg.GlobalRate, cfg.ChatInterval = 0, 0 // the defaults: 30/s, a burst of 3 per chat, then 1/s
	}
	tg, err := telegram.New(cfg, telegram.Deps{
		Handler: a.Router, Budget: a.Sessions, Clock: a.Clock, Logger: a.Log,
		OnGone: a.MarkGone("telegram"), Catalog: a.Catalog,
		Pending: app.PendingReplies{Store: a.Store, Channel: "telegram"},
	})
	if err != nil {
		return nil, fmt.Errorf("start Telegram adapter: %w", err)
	}
	// Run as serve does (the webhook registered, sent replies cleared in
	// batches); the handler is mounted here, as on serve's one server.
	runCtx, stopRun := context.WithCancel(context.WithoutCancel(ctx))
	ran := make(chan error, 1)
	go func() { ran <- tg.Run(runCtx) }()
	defer func() { stopRun(); <-ran }()
	mux := http.NewServeMux()
	mux.Handle(cfg.WithDefaults().WebhookPath, tg.WebhookHandler())
	base, stop, err := serveLocal(mux)
	if err != nil {
		return nil, err
	}
	defer stop()
	load := &webhookLoad{url: base + cfg.WithDefaults().WebhookPath, secret: benchWebhookSecret,
		conns: o.conns, rate: o.rate, fake: fake, findButtons: true}
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	return load.run(ctx, users), nil
}

// runBaselineLoad plays the same scripts against a handler made by
// handler (echoHandler, durableHandler): a floor the bot is compared with.
func runBaselineLoad(ctx context.Context, users []*benchUser, o webhookOptions,
	handler func(endpoint string) (http.Handler, error),
) (*loadStats, error) {
	fake := fakeapi.Start()
	defer fake.Close()
	h, err := handler(fake.Endpoint())
	if err != nil {
		return nil, err
	}
	base, stop, err := serveLocal(h)
	if err != nil {
		return nil, err
	}
	defer stop()
	load := &webhookLoad{url: base + "/", secret: benchWebhookSecret, conns: o.conns, rate: o.rate, fake: fake}
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	return load.run(ctx, users), nil
}

// echoHandler is the baseline: the same library and transport as the
// adapter (tgbotapi over net/http), decoding each update and answering it
// with one sendMessage, and nothing else.
func echoHandler(endpoint string) (http.Handler, error) { return minimalHandler(endpoint, nil) }

// minimalHandler decodes each update, calls work (when not nil) and
// answers it with one sendMessage through tgbotapi over net/http.
func minimalHandler(endpoint string, work func(ctx context.Context, u tgbotapi.Update, chat int64, text string) error) (http.Handler, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 1000
	api, err := tgbotapi.NewBotAPIWithClient(fakeapi.Token, endpoint, &http.Client{Transport: transport})
	if err != nil {
		return nil, fmt.Errorf("baseline getMe: %w", err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u tgbotapi.Update
		if err := json.NewDecoder(r.Body).Decode(&u); err != nil {
			http.Error(w, "malformed update", http.StatusBadRequest)
			return
		}
		chat, text := echoOf(u)
		if work != nil {
			if err := work(r.Context(), u, chat, text); err != nil {
				http.Error(w, "not saved", http.StatusInternalServerError)
				return
			}
		}
		if _, err := api.Send(tgbotapi.NewMessage(chat, text)); err != nil {
			http.Error(w, "send failed", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	}), nil
}

func echoOf(u tgbotapi.Update) (int64, string) {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID, "echo: " + u.Message.Text
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil:
		return u.CallbackQuery.Message.Chat.ID, "echo: " + u.CallbackQuery.Data
	}
	return 0, ""
}

// serveLocal serves h on a free port of 127.0.0.1 until stop is called.
func serveLocal(h http.Handler) (base string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen on 127.0.0.1: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
