package app

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
	"treembot/internal/config"
	"treembot/locales"
	"treembot/reports"
	"treembot/storage"
	"treembot/storage/sessions"
)

// App holds the started parts; Close stops them in reverse order.
type App struct {
	Cfg      config.Config
	Log      *slog.Logger
	Clock    func() time.Time
	Catalog  *locales.Catalog
	Forms    map[string]*flows.Form
	Store    *storage.Store
	Sessions sessions.Store
	Reports  *reports.Service
	Router   *bot.Router
	closers  []func() error
}

// OpenStore opens the database and applies migrations.
func OpenStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*storage.Store, error) {
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

// Open starts everything the router needs, in order, and unwinds what
// was started when a later part fails.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, clock func() time.Time) (a *App, err error) {
	a = &App{Cfg: cfg, Log: log, Clock: clock}
	started := a // a itself is nil once an error is returned
	defer func() {
		if err != nil {
			started.Close()
		}
	}()
	if a.Catalog, err = locales.Load(); err != nil {
		return nil, err
	}
	if a.Forms, err = flows.LoadForms(); err != nil {
		return nil, fmt.Errorf("load forms: %w", err)
	}
	if a.Store, err = OpenStore(ctx, cfg, log); err != nil {
		return nil, err
	}
	a.closers = append(a.closers, a.Store.Close)
	if err = SeedPlan(ctx, a.Store, a.Forms, a.Catalog, cfg.Zone, clock()); err != nil {
		return nil, err
	}
	if a.Sessions, err = OpenSessions(ctx, cfg, clock); err != nil {
		return nil, err
	}
	a.closers = append(a.closers, a.Sessions.Close)
	if a.Reports, err = reports.New(reports.Config{Source: a.Store, Zone: cfg.Zone, Forms: ReportForms(a.Forms)}); err != nil {
		return nil, err
	}
	a.Router, err = bot.NewRouter(bot.Deps{
		Store: a.Store, Sessions: a.Sessions, Engine: flows.NewEngine(a.Catalog), Forms: a.Forms,
		Catalog: a.Catalog, Clock: clock, Zone: cfg.Zone, Logger: log, DefaultLang: cfg.DefaultLang,
		BotLink: InviteLink(cfg), Reports: a.Reports, ReportStore: a.Store,
	})
	return a, err
}

// Close stops what Open started, in reverse order.
func (a *App) Close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		if err := a.closers[i](); err != nil {
			a.Log.Warn("close", "err", err)
		}
	}
	a.closers = nil
}

// OpenSessions picks Redis when REDIS_URL is set, memory otherwise.
func OpenSessions(ctx context.Context, cfg config.Config, clock func() time.Time) (sessions.Store, error) {
	if cfg.RedisURL == "" {
		return sessions.NewMemory(clock), nil
	}
	s, err := sessions.NewRedis(ctx, sessions.RedisOptions{URL: cfg.RedisURL, Prefix: cfg.RedisPrefix})
	if err != nil {
		return nil, fmt.Errorf("connect to REDIS_URL: %w", err)
	}
	return s, nil
}

// SeedPlan loads the plan's facts; the forms' questions become the data
// elements, so the forms are the one source of their codes and labels
// (cat words a label's "{unit}" for no unit in particular).
func SeedPlan(ctx context.Context, st *storage.Store, forms map[string]*flows.Form, cat *locales.Catalog, zone *time.Location, now time.Time) error {
	if err := st.Seed(ctx, storage.SeedOptions{Elements: formElements(forms, cat), Zone: zone, Now: now}); err != nil {
		return fmt.Errorf("seed plan: %w", err)
	}
	return nil
}

// formElements lists every question of every form once as a data element,
// an office form's own questions with its office.
func formElements(forms map[string]*flows.Form, cat *locales.Catalog) []storage.DataElement {
	var out []storage.DataElement
	for _, e := range flows.Elements(forms, cat) {
		out = append(out, storage.DataElement{Code: e.Code, LabelVI: e.Label[locales.VI], LabelEN: e.Label[locales.EN],
			Type: e.Type, Min: e.Min, Max: e.Max, OfficeCode: e.Office})
	}
	return out
}

// ReportForms tells reports who fills in each form: the chain's village,
// commune and office reports, sorted by ID.
func ReportForms(forms map[string]*flows.Form) []reports.FormInfo {
	out := make([]reports.FormInfo, 0, len(forms))
	for _, f := range forms {
		out = append(out, reports.FormInfo{ID: f.ID, Reporter: f.Reporter, Office: f.Office,
			PeriodKinds: f.Periods, Title: f.Title})
	}
	slices.SortFunc(out, func(a, b reports.FormInfo) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// LoadReportForms is ReportForms of the embedded forms (none when they do
// not load: the caller reports that error where it loads them).
func LoadReportForms() []reports.FormInfo {
	forms, err := flows.LoadForms()
	if err != nil {
		return nil
	}
	return ReportForms(forms)
}

// InviteLink builds the t.me deep link for an invite, when the bot's name
// is known.
func InviteLink(cfg config.Config) func(code string) string {
	return func(code string) string {
		if cfg.TelegramBotName == "" {
			return ""
		}
		return "https://t.me/" + cfg.TelegramBotName + "?start=" + code
	}
}

// ClockFrom returns the wall clock, or a clock pinned at --now that still
// moves forward, for demos and tests around a deadline.
func ClockFrom(now string) (func() time.Time, error) {
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

// MarkGone records that a chat refused delivery (the person blocked the
// bot), so reminders stop going there and their officer is told.
func (a *App) MarkGone(channel string) func(ctx context.Context, chatID string) {
	return func(ctx context.Context, chatID string) {
		if err := a.Store.SetIdentityActive(ctx, channel, chatID, false); err != nil {
			a.Log.Warn("mark identity inactive", "channel", channel, "err", err)
		}
	}
}

// MarkBack records that a chat marked gone wrote again (the person
// unblocked the bot), so reminders go there again.
func (a *App) MarkBack(ctx context.Context, channel, chatID string) {
	if err := a.Store.SetIdentityActive(ctx, channel, chatID, true); err != nil {
		a.Log.Warn("mark identity active", "channel", channel, "err", err)
	}
}
