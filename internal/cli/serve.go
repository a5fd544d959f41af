package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"treembot/bot"
	"treembot/bot/chatmsg"
	"treembot/bot/telegram"
	"treembot/bot/zalo"
	"treembot/internal/app"
	"treembot/reminders"
	"treembot/storage/sessions"
)

// shutdownGrace bounds how long in-flight work may take after SIGTERM.
const shutdownGrace = 20 * time.Second

// cmdServe runs the bot until SIGINT/SIGTERM: one HTTP server (health,
// readiness, metrics, webhooks), every configured channel (Telegram, Zalo)
// and the reminders service.
func cmdServe(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(env.io.Err)
	now := fs.String("now", "", "pretend the time is this instant (RFC3339), for demos and tests")
	if err := fs.Parse(args); err != nil {
		return err
	}
	zcfg, err := zalo.ConfigFromEnv(env.getenv)
	if err != nil {
		return err
	}
	if env.cfg.TelegramToken == "" && !zcfg.Enabled() {
		return errors.New("TELEGRAM_TOKEN or ZALO_BOT_TOKEN/ZALO_OA_APP_ID is required for serve " +
			"(use `treembot chat` to try the bot in the terminal)")
	}
	a, err := openAppAt(ctx, env, *now)
	if err != nil {
		return err
	}
	defer a.Close()
	a.Router.Metrics = a.NewMetrics()
	sv := &serving{app: a, env: env, mux: healthMux(a), senders: map[string]chatmsg.Sender{}}
	if env.cfg.TelegramToken != "" {
		if err := sv.addTelegram(); err != nil {
			return err
		}
	}
	if zcfg.Enabled() {
		if err := sv.addZalo(zcfg); err != nil {
			return err
		}
	}
	sv.addReminders()
	a.Router.Notifiers = map[string]chatmsg.Sender{}
	for ch, s := range sv.senders {
		a.Router.Notifiers[ch] = a.Router.Metrics.WrapSender(s, bot.SourceNotice)
	}
	return runServers(ctx, env, sv.mux, sv.runners...)
}

// serving collects what cmdServe starts: webhooks on one mux, the loops
// to run, and each channel's sender for reminders and notices.
type serving struct {
	app     *app.App
	env     *cliEnv
	mux     *http.ServeMux
	runners []func(context.Context) error
	senders map[string]chatmsg.Sender
}

func (sv *serving) addTelegram() error {
	a := sv.app
	tgCfg, err := telegram.ConfigFromEnv(sv.env.getenv)
	if err != nil {
		return err
	}
	// The one HTTP server carries the webhook too.
	tgCfg.HTTPAddr = ""
	tg, err := telegram.New(tgCfg, telegram.Deps{
		Handler: a.Router, Budget: a.Sessions, Clock: a.Clock, Logger: sv.env.log,
		OnGone: a.MarkGone("telegram"), Menu: a.Router.Menu(), Catalog: a.Catalog, Lang: sv.env.cfg.DefaultLang,
		Pending: app.PendingReplies{Store: a.Store, Channel: "telegram"},
		OnMigrate: func(ctx context.Context, from, to string) {
			if _, err := a.Store.MoveChat(ctx, "telegram", from, to); err != nil {
				sv.env.log.Warn("telegram: stored chat ids not moved to the supergroup", "err", err)
			}
		},
	})
	if err != nil {
		return fmt.Errorf("start Telegram: %w", err)
	}
	if sv.env.cfg.TelegramBotName == "" {
		name := tg.BotUsername()
		a.Router.BotLink = func(code string) string { return "https://t.me/" + name + "?start=" + code }
	}
	if tgCfg.WebhookURL != "" {
		sv.mux.Handle(tgCfg.WithDefaults().WebhookPath, tg.WebhookHandler())
	}
	sv.runners = append(sv.runners, tg.Run)
	sv.senders["telegram"] = tg
	a.Router.Menus = map[string]bot.MenuSetter{"telegram": tg}
	return nil
}

func (sv *serving) addZalo(cfg zalo.Config) error {
	a := sv.app
	za, err := zalo.New(cfg, zalo.Deps{Handler: a.Router, Sessions: a.Sessions, NotFound: sessions.ErrNotFound, Tokens: a.Store,
		Clock: a.Clock, Logger: sv.env.log, Catalog: a.Catalog, Lang: sv.env.cfg.DefaultLang,
		OnGone:       func(ctx context.Context, ch, chat string) { a.MarkGone(ch)(ctx, chat) },
		OnReturn:     a.MarkBack,
		OnTokenAlert: sv.alertAdmins,
		OnAlert:      sv.notifyAdmins,
	})
	if err != nil {
		return fmt.Errorf("start Zalo: %w", err)
	}
	for path, h := range za.Handlers() {
		sv.mux.Handle(path, h)
	}
	for ch, s := range za.Senders() {
		sv.senders[ch] = s
	}
	sv.runners = append(sv.runners, za.Run)
	return nil
}

// alertAdmins reports a failed Zalo token refresh: it is logged at error
// level by the adapter; here it also reaches the admins on Telegram.
func (sv *serving) alertAdmins(ctx context.Context, _ error) {
	sv.notifyAdmins(ctx, "ops_zalo_token_alert", nil)
}

// notifyAdmins sends the catalogue message id (with data) to every admin
// on Telegram; the Zalo adapter has logged it already.
func (sv *serving) notifyAdmins(ctx context.Context, id string, data map[string]any) {
	tg := sv.senders["telegram"]
	if tg == nil {
		return
	}
	chats, lerr := sv.app.Store.AdminChats(ctx, "telegram")
	if lerr != nil {
		sv.env.log.Error("list admins for the Zalo alert", "err", lerr)
		return
	}
	for _, c := range chats {
		text := sv.app.Catalog.T(c.Language, id, data)
		if serr := tg.Send(ctx, chatmsg.Message{ChatID: c.ChatID, Text: text}); serr != nil {
			sv.env.log.Warn("Zalo alert not delivered", "err", serr)
		}
	}
}

// addReminders plans and sends reminders through every channel's sender;
// the admin's /reminders and /remind use the same service.
func (sv *serving) addReminders() {
	a := sv.app
	senders := map[string]chatmsg.Sender{}
	for ch, s := range sv.senders {
		senders[ch] = a.Router.Metrics.WrapSender(s, bot.SourceReminder)
	}
	svc := &reminders.Service{Store: a.Store, Senders: senders, Submissions: a.Store, Catalog: a.Catalog,
		Forms: app.ReminderChain(a.Forms), Zone: a.Cfg.Zone, Clock: a.Clock, Locker: a.Sessions, Logger: sv.env.log}
	a.Router.Reminders = svc
	sv.runners = append(sv.runners, svc.Run)
}

// healthMux answers /healthz (the process is up) and /readyz (the
// database and the session store answer).
func healthMux(a *app.App) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := a.Store.Ping(ctx); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		if err := a.Sessions.Ping(ctx); err != nil {
			http.Error(w, "session store unavailable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	if m := a.Router.Metrics; m != nil {
		mux.Handle("GET /metrics", m.Handler())
	}
	return mux
}

// runServers serves HTTP and runs the loops until ctx ends or one of
// them fails, then stops them all within shutdownGrace.
func runServers(ctx context.Context, env *cliEnv, mux http.Handler, loops ...func(context.Context) error) error {
	ln, err := net.Listen("tcp", env.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on HTTP_ADDR %s: %w", env.cfg.HTTPAddr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	// Said when SIGTERM (or SIGINT) arrives: from here nothing new is
	// taken, and an operator (or a test) knows the stop has begun.
	stopping := context.AfterFunc(ctx, func() { env.log.Info("treembot stopping", "grace", shutdownGrace) })
	defer stopping()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, len(loops)+1)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs <- fmt.Errorf("http: %w", err)
			return
		}
		errs <- nil
	}()
	for _, loop := range loops {
		go func() { errs <- loop(ctx) }()
	}
	env.log.Info("treembot serving", "http", ln.Addr().String(), "loops", len(loops))
	var first error
	record := func(err error) {
		if err != nil && !errors.Is(err, context.Canceled) && first == nil {
			first = err
		}
	}
	record(<-errs)
	cancel()
	shutCtx, done := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer done()
	if err := srv.Shutdown(shutCtx); err != nil {
		env.log.Warn("http shutdown", "err", err)
	}
	for range loops {
		record(<-errs)
	}
	if first == nil {
		env.log.Info("treembot stopped")
	}
	return first
}
