package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"treembot/flows"
	"treembot/locales"
	"treembot/reports"
	"treembot/storage"
	"treembot/storage/sessions"
)

// Deps is everything the router needs; all fields but Logger are required.
type Deps struct {
	Store    Store
	Sessions sessions.Store
	Engine   *flows.Engine
	Forms    map[string]*flows.Form
	Catalog  *locales.Catalog
	Clock    Clock
	Zone     *time.Location
	Logger   *slog.Logger
	// DefaultLang is used for people the bot does not know yet.
	DefaultLang string
	// BotLink builds the join link for an invite code ("" = no link).
	BotLink func(code string) string
	// Metrics counts updates (nil = not counted).
	Metrics *Metrics
	// Notifiers, by channel, tell a person once that their message waits
	// for an outage to end (see withWaitNotice); a channel without one
	// sends no notice.
	Notifiers map[string]Sender
	// Reminders, when set, serves the admin's /reminders and /remind
	// (*reminders.Service); nil answers that reminders are off.
	Reminders ReminderAdmin
	// Reports, when set, answers /summary, /overdue, /export, /chart and /document
	// and lists a commune officer's villages in /status; nil answers that
	// reports are off.
	Reports *reports.Service
	// ReportStore backs those commands and the admin's /invite, /period
	// and /return (*storage.Store implements it); nil turns them off.
	ReportStore ReportStore
	// Menus, by channel, show a person the commands of their role in
	// their language (see syncMenu); a channel without one has no menu.
	Menus map[string]MenuSetter
}

// Router handles updates from every channel the same way.
type Router struct {
	Deps
	commands []command
	handle   func(ctx context.Context, upd Update) ([]Message, error)
	// local is this process's own memory (wait notices, updates handled
	// here): it must work while the shared session store is down.
	local *sessions.Memory
}

// The commune report form every collaborator fills in.
const communeFormID = "commune_report"

// How long things live in the session store. Conversations can always be
// rebuilt from the database drafts, so their TTL only bounds memory.
const (
	conversationTTL = 30 * 24 * time.Hour
	seenUpdateTTL   = 48 * time.Hour
	chatLockTTL     = 30 * time.Second
)

// NewRouter checks deps and assembles the middleware chain.
func NewRouter(d Deps) (*Router, error) {
	switch {
	case d.Store == nil:
		return nil, errors.New("router: Store is required")
	case d.Sessions == nil:
		return nil, errors.New("router: Sessions is required")
	case d.Engine == nil || d.Catalog == nil:
		return nil, errors.New("router: Engine and Catalog are required")
	case d.Forms[communeFormID] == nil:
		return nil, fmt.Errorf("router: form %q is not loaded", communeFormID)
	case formOf(d.Forms, flows.ReporterVillage, "") == nil:
		return nil, errors.New("router: no village report form is loaded")
	case d.Clock == nil || d.Zone == nil:
		return nil, errors.New("router: Clock and Zone are required")
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.DefaultLang == "" {
		d.DefaultLang = locales.VI
	}
	r := &Router{Deps: d, commands: commandTable(), local: sessions.NewMemory(d.Clock)}
	r.handle = chain(r.dispatch, r.withMetrics, r.withRecover, r.withLogging, r.withWaitNotice, r.withChatLock, r.withDedup,
		r.withCleanText, r.withIdentityTouch)
	return r, nil
}

// Handle processes one update: its effects are saved before it returns
// nil, and the returned messages are the replies to deliver.
func (r *Router) Handle(ctx context.Context, upd Update) ([]Message, error) {
	return r.handle(ctx, upd)
}

// request is one update being handled, with the user it came from (nil
// for someone who has not joined).
type request struct {
	Update
	user *storage.User
	lang string
	now  time.Time
}

// dispatch routes an update to the handler for its sender and kind.
// Once its effects are saved, the chat's menu follows the person's role
// and language.
func (r *Router) dispatch(ctx context.Context, upd Update) ([]Message, error) {
	req := &request{Update: upd, now: r.Clock(), lang: locales.NormaliseLang(upd.LangCode, r.DefaultLang)}
	msgs, err := r.route(ctx, req)
	if err == nil {
		r.syncMenu(ctx, req)
	}
	return msgs, err
}

// route finds the sender and hands the request to the handler for them
// and for the update's kind.
func (r *Router) route(ctx context.Context, req *request) ([]Message, error) {
	upd := req.Update
	user, err := r.Store.UserByIdentity(ctx, upd.Channel, upd.UserID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return r.handleStranger(ctx, req)
	case err != nil:
		return nil, fmt.Errorf("find user: %w", err)
	}
	req.user, req.lang = user, locales.NormaliseLang(user.Language, r.DefaultLang)
	switch upd.Kind {
	case KindEdited:
		return r.reply(req, "bot_edited_ignored"), nil
	case KindOther:
		return r.handleUnsupported(ctx, req)
	case KindCallback:
		return r.handleCallback(ctx, req)
	}
	if name, args, ok := parseCommand(upd.Text); ok {
		return r.runCommand(ctx, req, name, args)
	}
	return r.handleFormInput(ctx, req, flows.Input{Text: upd.Text})
}

// reply renders one catalogue message as the whole answer.
func (r *Router) reply(req *request, id string, data ...map[string]any) []Message {
	return []Message{{ChatID: req.ChatID, Text: r.Catalog.T(req.lang, id, data...)}}
}

// t renders a catalogue message in the request's language.
func (r *Router) t(req *request, id string, data ...map[string]any) string {
	return r.Catalog.T(req.lang, id, data...)
}

// handleCallback routes a pressed button: the router's own, or the form's.
func (r *Router) handleCallback(ctx context.Context, req *request) ([]Message, error) {
	data := req.Text
	switch {
	case strings.HasPrefix(data, dataPeriod) && isReporter(req.user):
		return r.reportFromArgs(ctx, req, strings.TrimPrefix(data, dataPeriod), false)
	case strings.HasPrefix(data, dataReopen) && isReporter(req.user):
		return r.reportFromArgs(ctx, req, strings.TrimPrefix(data, dataReopen), true)
	case strings.HasPrefix(data, dataTitle):
		return r.cmdTitle(ctx, req, strings.TrimPrefix(data, dataTitle))
	case strings.HasPrefix(data, dataLang):
		return r.cmdLang(ctx, req, strings.TrimPrefix(data, dataLang))
	case data == dataReport:
		return r.runCommand(ctx, req, "report", "")
	}
	return r.handleFormInput(ctx, req, flowsButton(data))
}
