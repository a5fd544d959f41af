package zalo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
	"treembot/locales"
)

// SessionStore is the part of the session store the adapter uses
// (storage/sessions implements it): remembered buttons and OA reply
// windows under keys with a TTL, and the budgets behind the send rate and
// the OA's monthly quota.
type SessionStore interface {
	// Get returns the bytes stored under key, or Deps.NotFound.
	Get(ctx context.Context, key string) ([]byte, error)
	// Set stores value under key for ttl.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Delete removes key; deleting an absent key is not an error.
	Delete(ctx context.Context, key string) error
	// Lock takes a lock shared by instances (the webhook spool's index).
	Lock(ctx context.Context, key string, ttl time.Duration) (unlock func(), err error)
	channel.Budget
}

// Deps are the adapter's collaborators.
type Deps struct {
	// Handler is the router; required.
	Handler chatmsg.Handler
	// Sessions keeps what is shared by instances and can be rebuilt: the
	// buttons last shown per chat, the OA reply windows, the proactive
	// quota and the send budget; required.
	Sessions SessionStore
	// NotFound is the error Sessions.Get returns for a missing key
	// (sessions.ErrNotFound); required with Sessions.
	NotFound error
	// Tokens stores the OA token pair (*storage.Store); required with the OA.
	Tokens TokenStore
	// Clock gives the time; nil means time.Now.
	Clock func() time.Time
	// Logger receives key/value logs (never message text or tokens); nil
	// means slog.Default().
	Logger *slog.Logger
	// Catalog renders the adapter's own few strings, in Lang (default
	// Vietnamese); nil loads the embedded catalogue.
	Catalog *locales.Catalog
	Lang    string
	// OnGone is called when Zalo's answer says an account can no longer
	// be reached (it blocked the bot, or is inactive), so its identity can
	// be marked inactive: channel is ChannelBot or ChannelOA. At most
	// maxGonePerMinute a minute per API; past that OnAlert is called.
	OnGone func(ctx context.Context, channel, chatID string)
	// OnReturn is called when a chat reported to OnGone writes again (it
	// was unblocked), so its identity can be marked active at once; the
	// router's own touch of the identity may wait for the next minute.
	OnReturn func(ctx context.Context, channel, chatID string)
	// OnAlert is called when the admins must be told something about Zalo
	// (at most hourly per message): messageID is a catalogue message of
	// locales/messages/zalo.*.yaml, data its values. The adapter also logs
	// it at error level; nil means the log alone.
	OnAlert func(ctx context.Context, messageID string, data map[string]any)
	// OnTokenAlert is called (at most hourly) when the OA access token
	// cannot be refreshed: without one nothing reaches Zalo OA users, so
	// admins must be told (the failure is also logged at error level).
	OnTokenAlert func(ctx context.Context, err error)
}

// Adapter connects the router to Zalo: the Bot API, the Official Account,
// or both, as configured.
type Adapter struct {
	bot *botAPI
	oa  *oaAPI
	log *slog.Logger
}

// New checks cfg (defaults applied) and deps, proves the Bot API token
// with getMe and stores the OA's first refresh token, and returns an
// adapter ready to Run.
func New(cfg Config, deps Deps) (*Adapter, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("zalo config: %w", err)
	}
	if !cfg.Enabled() {
		return nil, errors.New("zalo: neither ZALO_BOT_TOKEN nor ZALO_OA_APP_ID is set")
	}
	deps, err := deps.withDefaults(cfg)
	if err != nil {
		return nil, err
	}
	a := &Adapter{log: deps.Logger}
	if cfg.BotEnabled() {
		if a.bot, err = newBotAPI(cfg, deps); err != nil {
			return nil, err
		}
	}
	if cfg.OAEnabled() {
		if a.oa, err = newOA(cfg, deps); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func (d Deps) withDefaults(cfg Config) (Deps, error) {
	switch {
	case d.Handler == nil:
		return d, errors.New("zalo: a Handler is required")
	case d.Sessions == nil || d.NotFound == nil:
		return d, errors.New("zalo: a session store and its NotFound error are required")
	case cfg.OAEnabled() && d.Tokens == nil:
		return d, errors.New("zalo: a token store is required for the Official Account")
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Lang == "" {
		d.Lang = locales.VI
	}
	if d.Catalog == nil {
		c, err := locales.Load()
		if err != nil {
			return d, fmt.Errorf("zalo: %w", err)
		}
		d.Catalog = c
	}
	return d, nil
}

// Run receives updates until ctx is cancelled: the Bot API by long polling
// or by webhook (registered here, served through Handlers), the Official
// Account by webhook, and keeps the OA token fresh. It returns after the
// updates in flight are finished.
func (a *Adapter) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	errs := make([]error, 2)
	if a.bot != nil {
		wg.Add(1)
		go func() { defer wg.Done(); errs[0] = a.bot.run(ctx) }()
	}
	if a.oa != nil {
		wg.Add(1)
		go func() { defer wg.Done(); errs[1] = a.oa.run(ctx) }()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Handlers returns the webhook handlers to mount on the HTTP server, by
// path: the OA's always (when configured), the Bot API's in webhook mode.
func (a *Adapter) Handlers() map[string]http.Handler {
	out := map[string]http.Handler{}
	if a.bot != nil && a.bot.cfg.BotWebhookURL != "" {
		out[a.bot.cfg.BotWebhookPath] = a.bot.webhookHandler()
	}
	if a.oa != nil {
		out[a.oa.cfg.OAWebhookPath] = a.oa.webhookHandler()
	}
	return out
}

// Senders returns the outbound side of each configured API by channel
// name (ChannelBot, ChannelOA), for the router's replies and the reminder
// outbox. OA sends outside the reply window fail with ErrOutsideWindow
// unless proactive messages are configured and within quota.
func (a *Adapter) Senders() map[string]chatmsg.Sender {
	out := map[string]chatmsg.Sender{}
	if a.bot != nil {
		out[ChannelBot] = senderFunc(a.bot.send)
	}
	if a.oa != nil {
		out[ChannelOA] = senderFunc(a.oa.send)
	}
	return out
}

// InReplyWindow reports whether the OA may still answer userID freely
// (they wrote within the reply window) and until when.
func (a *Adapter) InReplyWindow(ctx context.Context, userID string) (bool, time.Time, error) {
	if a.oa == nil {
		return false, time.Time{}, errors.New("zalo: the Official Account is not configured")
	}
	return a.oa.window.inside(ctx, userID)
}

// Pending counts the webhook events accepted (answered 200) but not yet
// handled, by any instance: a number that should stay near zero.
func (a *Adapter) Pending(ctx context.Context) (int, error) {
	n := 0
	for _, c := range []*core{a.botCore(), a.oaCore()} {
		if c == nil {
			continue
		}
		index, err := c.spool.read(ctx)
		if err != nil {
			return n, err
		}
		n += len(index)
	}
	return n, nil
}

func (a *Adapter) botCore() *core {
	if a.bot == nil {
		return nil
	}
	return a.bot.core
}

func (a *Adapter) oaCore() *core {
	if a.oa == nil {
		return nil
	}
	return a.oa.core
}

// senderFunc adapts a send function to chatmsg.Sender.
type senderFunc func(ctx context.Context, msg chatmsg.Message) error

// Send calls f.
func (f senderFunc) Send(ctx context.Context, msg chatmsg.Message) error { return f(ctx, msg) }
