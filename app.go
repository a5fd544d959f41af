package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"treembot/bot"
	"treembot/flows"
	"treembot/locales"
	"treembot/reports"
	"treembot/storage"
	"treembot/storage/sessions"
)

// app holds the started parts; close stops them in reverse order.
type app struct {
	cfg      Config
	log      *slog.Logger
	clock    func() time.Time
	catalog  *locales.Catalog
	forms    map[string]*flows.Form
	store    *storage.Store
	sessions sessions.Store
	reports  *reports.Service
	router   *bot.Router
	closers  []func() error
}

// openStore opens the database and applies migrations.
func openStore(ctx context.Context, cfg Config, log *slog.Logger) (*storage.Store, error) {
	st, err := storage.Open(ctx, storage.Options{URL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return st, nil
}

// openApp starts everything the router needs, in order, and unwinds what
// was started when a later part fails.
func openApp(ctx context.Context, cfg Config, log *slog.Logger, clock func() time.Time) (a *app, err error) {
	a = &app{cfg: cfg, log: log, clock: clock}
	defer func() {
		if err != nil {
			a.close()
		}
	}()
	if a.catalog, err = locales.Load(); err != nil {
		return nil, err
	}
	if a.forms, err = flows.LoadForms(); err != nil {
		return nil, fmt.Errorf("load forms: %w", err)
	}
	if a.store, err = openStore(ctx, cfg, log); err != nil {
		return nil, err
	}
	a.closers = append(a.closers, a.store.Close)
	if err = seedPlan(ctx, a.store, a.forms, cfg.Zone, clock()); err != nil {
		return nil, err
	}
	if a.sessions, err = openSessions(ctx, cfg, clock); err != nil {
		return nil, err
	}
	a.closers = append(a.closers, a.sessions.Close)
	if a.reports, err = reports.New(reports.Config{Source: a.store, Zone: cfg.Zone, Forms: reportForms(a.forms)}); err != nil {
		return nil, err
	}
	a.router, err = bot.NewRouter(bot.Deps{
		Store: a.store, Sessions: a.sessions, Engine: flows.NewEngine(a.catalog), Forms: a.forms,
		Catalog: a.catalog, Clock: clock, Zone: cfg.Zone, Logger: log, DefaultLang: cfg.DefaultLang,
		BotLink: inviteLink(cfg), Reports: a.reports, ReportStore: a.store,
	})
	return a, err
}

func (a *app) close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		if err := a.closers[i](); err != nil {
			a.log.Warn("close", "err", err)
		}
	}
	a.closers = nil
}

// openSessions picks Redis when REDIS_URL is set, memory otherwise.
func openSessions(ctx context.Context, cfg Config, clock func() time.Time) (sessions.Store, error) {
	if cfg.RedisURL == "" {
		return sessions.NewMemory(clock), nil
	}
	s, err := sessions.NewRedis(ctx, sessions.RedisOptions{URL: cfg.RedisURL, Prefix: cfg.RedisPrefix})
	if err != nil {
		return nil, fmt.Errorf("connect to REDIS_URL: %w", err)
	}
	return s, nil
}

// seedPlan loads the plan's facts; the form's questions become the data
// elements, so the form is the one source of their codes and labels.
func seedPlan(ctx context.Context, st *storage.Store, forms map[string]*flows.Form, zone *time.Location, now time.Time) error {
	if err := st.Seed(ctx, storage.SeedOptions{Elements: formElements(forms), Zone: zone, Now: now}); err != nil {
		return fmt.Errorf("seed plan: %w", err)
	}
	return nil
}

// formElements lists every question of every form as a data element.
func formElements(forms map[string]*flows.Form) []storage.DataElement {
	var out []storage.DataElement
	for _, f := range forms {
		for _, s := range f.Sections {
			for _, q := range s.Questions {
				out = append(out, storage.DataElement{Code: q.ID, LabelVI: q.Label["vi"],
					LabelEN: q.Label["en"], Type: q.Type, Min: q.Min, Max: q.Max})
			}
		}
	}
	return out
}

// reportForms tells reports who fills in each form: the chain's village,
// commune and office reports, sorted by ID.
func reportForms(forms map[string]*flows.Form) []reports.FormInfo {
	out := make([]reports.FormInfo, 0, len(forms))
	for _, f := range forms {
		out = append(out, reports.FormInfo{ID: f.ID, Reporter: f.Reporter, Office: f.Office,
			PeriodKinds: f.Periods, Title: f.Title})
	}
	slices.SortFunc(out, func(a, b reports.FormInfo) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// loadReportForms is reportForms of the embedded forms (the defaults when
// they do not load: the caller reports that error where it loads them).
func loadReportForms() []reports.FormInfo {
	forms, err := flows.LoadForms()
	if err != nil {
		return nil
	}
	return reportForms(forms)
}

// inviteLink builds the t.me deep link for an invite, when the bot's name
// is known.
func inviteLink(cfg Config) func(code string) string {
	return func(code string) string {
		if cfg.TelegramBotName == "" {
			return ""
		}
		return "https://t.me/" + cfg.TelegramBotName + "?start=" + code
	}
}

// openAppAt is openApp on the wall clock, or on a clock pinned at the
// --now flag's value.
func openAppAt(ctx context.Context, env *cliEnv, now string) (*app, error) {
	clock, err := clockFrom(now)
	if err != nil {
		return nil, err
	}
	return openApp(ctx, env.cfg, env.log, clock)
}

// clockFrom returns the wall clock, or a clock pinned at --now that still
// moves forward, for demos and tests around a deadline.
func clockFrom(now string) (func() time.Time, error) {
	if now == "" {
		return time.Now, nil
	}
	t, err := time.Parse(time.RFC3339, now)
	if err != nil {
		return nil, errors.New("--now must look like 2025-05-08T08:00:00+07:00")
	}
	start := time.Now()
	return func() time.Time { return t.Add(time.Since(start)) }, nil
}
