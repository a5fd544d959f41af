package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"treembot/bot/telegram"
)

// shutdownGrace bounds how long in-flight work may take after SIGTERM.
const shutdownGrace = 20 * time.Second

// cmdServe runs the bot on its channels until SIGINT/SIGTERM: the HTTP
// server (health, readiness, webhook) and the Telegram adapter.
func cmdServe(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(env.io.err)
	now := fs.String("now", "", "pretend the time is this instant (RFC3339), for demos and tests")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if env.cfg.TelegramToken == "" {
		return errors.New("TELEGRAM_TOKEN is required for serve (use `treembot chat` to try the bot in the terminal)")
	}
	tgCfg, err := telegram.ConfigFromEnv(env.getenv)
	if err != nil {
		return err
	}
	a, err := openAppAt(ctx, env, *now)
	if err != nil {
		return err
	}
	defer a.close()
	// One HTTP server carries health, readiness and the webhook.
	tgCfg.HTTPAddr = ""
	tg, err := telegram.New(tgCfg, telegram.Deps{
		Handler: a.router, Budget: a.sessions, Clock: a.clock, Logger: env.log,
		OnGone: a.markGone("telegram"), Menu: a.router.Menu(), Catalog: a.catalog,
	})
	if err != nil {
		return fmt.Errorf("start Telegram: %w", err)
	}
	if env.cfg.TelegramBotName == "" {
		name := tg.BotUsername()
		a.router.BotLink = func(code string) string { return "https://t.me/" + name + "?start=" + code }
	}
	mux := a.healthMux()
	if tgCfg.WebhookURL != "" {
		mux.Handle(tgCfg.WithDefaults().WebhookPath, tg.WebhookHandler())
	}
	return runServers(ctx, env, mux, func(ctx context.Context) error { return tg.Run(ctx) })
}

// markGone records that a chat refused delivery (the person blocked the
// bot), so reminders stop going there and their officer is told.
func (a *app) markGone(channel string) func(ctx context.Context, chatID string) {
	return func(ctx context.Context, chatID string) {
		if err := a.store.SetIdentityActive(ctx, channel, chatID, false); err != nil {
			a.log.Warn("mark identity inactive", "channel", channel, "err", err)
		}
	}
}

// healthMux answers /healthz (the process is up) and /readyz (the
// database and the session store answer).
func (a *app) healthMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := a.store.Ping(ctx); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		if err := a.sessions.Ping(ctx); err != nil {
			http.Error(w, "session store unavailable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return mux
}

// runServers serves HTTP and runs the channel until ctx ends or one of
// them fails, then stops both within shutdownGrace.
func runServers(ctx context.Context, env *cliEnv, mux http.Handler, channel func(context.Context) error) error {
	ln, err := net.Listen("tcp", env.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on HTTP_ADDR %s: %w", env.cfg.HTTPAddr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 2)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs <- fmt.Errorf("http: %w", err)
			return
		}
		errs <- nil
	}()
	go func() { errs <- channel(ctx) }()
	env.log.Info("treembot serving", "http", ln.Addr().String())
	first := <-errs
	cancel()
	shutCtx, done := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer done()
	if err := srv.Shutdown(shutCtx); err != nil {
		env.log.Warn("http shutdown", "err", err)
	}
	second := <-errs
	if first != nil && !errors.Is(first, context.Canceled) {
		return first
	}
	if second != nil && !errors.Is(second, context.Canceled) {
		return second
	}
	env.log.Info("treembot stopped")
	return nil
}
