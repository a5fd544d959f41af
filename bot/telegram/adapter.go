package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
	"treembot/locales"
)

// Deps are the adapter's collaborators.
type Deps struct {
	// Handler is the router; required.
	Handler chatmsg.Handler
	// Budget, when set, shares the global send budget across instances
	// (the session store implements it); nil paces this instance alone.
	Budget channel.Budget
	// Clock gives the time for pacing; nil means time.Now.
	Clock func() time.Time
	// Logger receives key/value logs (never message text or the token);
	// nil means slog.Default().
	Logger *slog.Logger
	// OnGone is called when a chat turns out unreachable (403 on send, or
	// the user blocked the bot) so its identity can be marked inactive.
	OnGone func(ctx context.Context, chatID string)
	// OnMigrate is called when a group became a supergroup (Telegram's
	// migrate_to_chat_id), so stored chat ids can follow it.
	OnMigrate func(ctx context.Context, from, to string)
	// Menu is the command menu registered with setMyCommands on Run.
	Menu []chatmsg.MenuCommand
	// Catalog renders the adapter's own few strings; nil loads the
	// embedded catalogue.
	Catalog *locales.Catalog
	// Lang is the language of the menu shown to clients in a language
	// the bot does not speak (BOT_DEFAULT_LANG); "" means Vietnamese.
	Lang string
	// Pending, when set, keeps a webhook update's replies durably between
	// Telegram's 200 and their sending; without it the 200 waits for them.
	Pending Pending
	// Transport carries the Bot API calls; nil means a clone of
	// http.DefaultTransport (tests serve the fake API in-process).
	Transport http.RoundTripper
}

// Adapter connects the router to one Telegram bot.
type Adapter struct {
	cfg        Config
	api        *tgbotapi.BotAPI // template: request copies it per call
	http       *http.Client
	botName    string
	handler    chatmsg.Handler
	onGone     func(ctx context.Context, chatID string)
	onMigrate  func(ctx context.Context, from, to string)
	menu       []chatmsg.MenuCommand
	pending    Pending
	own        ownReplies  // ids of saved replies not sent yet
	sent       chan uint   // ids of sent replies, for forgetLoop
	forgetting atomic.Bool // forgetLoop runs: send ids there
	lang       string
	catalog    *locales.Catalog
	log        *slog.Logger
	pace       *channel.Pacer
	disp       *channel.Dispatcher
}

// New checks cfg (defaults applied), asks Telegram who the bot is (getMe,
// which also proves the token) and returns an adapter ready to Run.
func New(cfg Config, deps Deps) (*Adapter, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("telegram config: %w", err)
	}
	if deps.Handler == nil {
		return nil, errors.New("telegram: a Handler is required")
	}
	if deps.Clock == nil {
		deps.Clock = time.Now
	}
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	if deps.Catalog == nil {
		c, err := locales.Load()
		if err != nil {
			return nil, fmt.Errorf("telegram: %w", err)
		}
		deps.Catalog = c
	}
	// Sends run concurrently up to the global rate: keep that many
	// connections to the one API host alive instead of the default two.
	client := &http.Client{Transport: deps.Transport}
	if client.Transport == nil {
		transport := http.DefaultTransport.(*http.Transport).Clone()
		transport.MaxIdleConnsPerHost = max(cfg.GlobalRate, cfg.Workers)
		client.Transport = transport
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	api, err := tgbotapi.NewBotAPIWithClient(cfg.Token, cfg.APIEndpoint, ctxClient{ctx: ctx, base: client})
	if err != nil {
		return nil, fmt.Errorf("telegram getMe: %w", maskToken(cfg.Token, err))
	}
	// The bot's numeric id (the token's public half) keys the shared
	// budget, so two bots on one Redis do not share a limit.
	botID, _, _ := strings.Cut(cfg.Token, ":")
	return &Adapter{
		cfg: cfg, api: api, http: client, botName: api.Self.UserName,
		handler: deps.Handler, onGone: deps.OnGone, onMigrate: deps.OnMigrate, pending: deps.Pending, menu: deps.Menu, lang: locales.NormaliseLang(deps.Lang, locales.VI),
		catalog: deps.Catalog, log: deps.Logger,
		pace: newPacer(cfg, deps.Budget, "telegram:send:"+botID, deps.Clock, deps.Logger),
		disp: channel.NewDispatcher(cfg.Workers), sent: make(chan uint, forgetBatch),
	}, nil
}

// BotUsername is the bot's @username without the "@", as in
// https://t.me/<BotUsername>?start=<invite code>.
func (a *Adapter) BotUsername() string { return a.botName }

// Run registers the command menu, then receives updates by long polling,
// or by webhook when Config.WebhookURL is set, until ctx is cancelled. It
// returns after the updates in flight are finished. A menu that cannot be
// registered is logged, not fatal.
func (a *Adapter) Run(ctx context.Context) error {
	if err := a.registerMenu(ctx); err != nil {
		a.log.Warn("telegram: command menu not registered", "err", err)
	}
	if a.cfg.WebhookURL != "" {
		a.log.Info("telegram: webhook mode", "bot", a.botName, "addr", a.cfg.HTTPAddr, "path", a.cfg.WebhookPath)
		return a.runWebhook(ctx)
	}
	a.log.Info("telegram: long polling", "bot", a.botName)
	return a.poll(ctx)
}
