package core

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Defaults of the configuration.
const (
	DefaultBotAPIEndpoint = "https://bot-api.zaloplatforms.com"
	DefaultOAAPIEndpoint  = "https://openapi.zalo.me"
	DefaultOAuthEndpoint  = "https://oauth.zaloapp.com"
	DefaultBotWebhookPath = "/zalo/bot/webhook"
	DefaultOAWebhookPath  = "/zalo/oa/webhook"
)

// Zalo's reply window: customer-service messages are free within
// FreeReplyWindow of the person's last interaction and accepted, billed,
// until MaxReplyWindow; after that Zalo refuses them (-230).
const (
	FreeReplyWindow = 48 * time.Hour
	MaxReplyWindow  = 7 * 24 * time.Hour
)

// MaxText is the most characters one Zalo text message may hold (both
// APIs); longer texts are split.
const MaxText = 2000

// Config is the adapter's configuration; zero fields take the defaults
// documented on each field (see WithDefaults). The Bot API is on when
// BotToken is set, the Official Account when OAAppID is set.
type Config struct {
	BotToken         string // ZALO_BOT_TOKEN, "<bot id>:<secret>"; never logged
	BotAPIEndpoint   string // ZALO_BOT_API_ENDPOINT, base URL (default DefaultBotAPIEndpoint)
	BotWebhookURL    string // ZALO_BOT_WEBHOOK_URL; set = webhook mode, empty = long polling
	BotWebhookSecret string // ZALO_BOT_WEBHOOK_SECRET, 8-256 characters, required in webhook mode
	BotWebhookPath   string // ZALO_BOT_WEBHOOK_PATH; default: the URL's path, else DefaultBotWebhookPath
	BotPollTimeout   int    // ZALO_BOT_POLL_TIMEOUT, long-poll seconds (default 30)

	OAAppID        string // ZALO_OA_APP_ID
	OASecret       string // ZALO_OA_SECRET, the OA secret key that signs webhook events; required
	OAAppSecret    string // ZALO_OA_APP_SECRET, the app's secret key for token refresh; required
	OARefreshToken string // ZALO_OA_REFRESH_TOKEN, the first refresh token; later ones live in the database
	OAAPIEndpoint  string // ZALO_OA_API_ENDPOINT (default DefaultOAAPIEndpoint)
	OAuthEndpoint  string // ZALO_OA_OAUTH_ENDPOINT (default DefaultOAuthEndpoint)
	OAWebhookPath  string // ZALO_OA_WEBHOOK_PATH (default DefaultOAWebhookPath)
	// OAReplyWindow is how long after a person's last interaction (a
	// message, a tap, a follow) the OA sends customer-service messages
	// (ZALO_OA_REPLY_WINDOW, default 48h, the free part; at most 7 days,
	// which Zalo accepts but bills after 48 h).
	OAReplyWindow time.Duration
	// OAProactive allows proactive (transaction) messages outside the
	// window (ZALO_OA_PROACTIVE, needs a verified OA), at most
	// OAProactiveQuota a calendar month (ZALO_OA_PROACTIVE_QUOTA).
	OAProactive      bool
	OAProactiveQuota int
	// OARefreshMargin is how long before expiry the access token is
	// refreshed (ZALO_OA_REFRESH_MARGIN, default 1h).
	OARefreshMargin time.Duration

	Rate         int           // ZALO_RATE, messages per second per API (default 10)
	ChatInterval time.Duration // ZALO_CHAT_INTERVAL, gap between messages to one chat (default 200ms)
	MaxRetries   int           // ZALO_MAX_RETRIES, retries of a failed send (default 5)
	RetryBase    time.Duration // ZALO_RETRY_BASE, first back-off step, doubled up to 30s (default 500ms)
	Workers      int           // ZALO_WORKERS, chats handled in parallel (default 16)
}

// BotEnabled reports whether the Bot API is configured.
func (c Config) BotEnabled() bool { return c.BotToken != "" }

// OAEnabled reports whether the Official Account is configured.
func (c Config) OAEnabled() bool { return c.OAAppID != "" }

// Enabled reports whether either Zalo API is configured.
func (c Config) Enabled() bool { return c.BotEnabled() || c.OAEnabled() }

// WithDefaults returns c with every zero field set to its default.
func (c Config) WithDefaults() Config {
	setDefault(&c.BotAPIEndpoint, DefaultBotAPIEndpoint)
	setDefault(&c.OAAPIEndpoint, DefaultOAAPIEndpoint)
	setDefault(&c.OAuthEndpoint, DefaultOAuthEndpoint)
	setDefault(&c.OAWebhookPath, DefaultOAWebhookPath)
	if c.BotWebhookPath == "" {
		c.BotWebhookPath = DefaultBotWebhookPath
		if u, err := url.Parse(c.BotWebhookURL); err == nil && len(u.Path) > 1 {
			c.BotWebhookPath = u.Path
		}
	}
	setDefault(&c.BotPollTimeout, 30)
	setDefault(&c.OAReplyWindow, FreeReplyWindow)
	setDefault(&c.OARefreshMargin, time.Hour)
	setDefault(&c.Rate, 10)
	setDefault(&c.ChatInterval, 200*time.Millisecond)
	setDefault(&c.MaxRetries, 5)
	setDefault(&c.RetryBase, 500*time.Millisecond)
	setDefault(&c.Workers, 16)
	c.BotAPIEndpoint = strings.TrimRight(c.BotAPIEndpoint, "/")
	c.OAAPIEndpoint = strings.TrimRight(c.OAAPIEndpoint, "/")
	c.OAuthEndpoint = strings.TrimRight(c.OAuthEndpoint, "/")
	return c
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// Validate checks c (after WithDefaults) and names the environment
// variable to fix; no secret appears in a message.
func (c Config) Validate() error {
	var errs []error
	if c.BotEnabled() {
		errs = append(errs, c.validateBot()...)
	}
	if c.OAEnabled() {
		errs = append(errs, c.validateOA()...)
	}
	for _, e := range []struct {
		name, value string
	}{{"ZALO_BOT_API_ENDPOINT", c.BotAPIEndpoint}, {"ZALO_OA_API_ENDPOINT", c.OAAPIEndpoint}, {"ZALO_OA_OAUTH_ENDPOINT", c.OAuthEndpoint}} {
		if u, err := url.Parse(e.value); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fmt.Errorf("%s must be an absolute http(s) URL", e.name))
		}
	}
	positive := []struct {
		name string
		ok   bool
	}{
		{"ZALO_BOT_POLL_TIMEOUT", c.BotPollTimeout > 0}, {"ZALO_OA_REPLY_WINDOW", c.OAReplyWindow > 0},
		{"ZALO_OA_REFRESH_MARGIN", c.OARefreshMargin > 0}, {"ZALO_RATE", c.Rate > 0},
		{"ZALO_CHAT_INTERVAL", c.ChatInterval > 0}, {"ZALO_MAX_RETRIES", c.MaxRetries >= 0},
		{"ZALO_RETRY_BASE", c.RetryBase > 0}, {"ZALO_WORKERS", c.Workers > 0},
	}
	for _, p := range positive {
		if !p.ok {
			errs = append(errs, fmt.Errorf("%s must be positive", p.name))
		}
	}
	return errors.Join(errs...)
}

func (c Config) validateBot() []error {
	var errs []error
	id, secret, ok := strings.Cut(c.BotToken, ":")
	if !ok || id == "" || secret == "" || strings.ContainsAny(c.BotToken, " \t\r\n/%?#") {
		errs = append(errs, errors.New("ZALO_BOT_TOKEN is malformed: expected the <bot id>:<secret> form Zalo Bot Creator gives"))
	}
	if c.BotWebhookURL != "" {
		if u, err := url.Parse(c.BotWebhookURL); err != nil || u.Scheme != "https" || u.Host == "" {
			errs = append(errs, errors.New("ZALO_BOT_WEBHOOK_URL must be an absolute https:// URL"))
		}
		if n := len(c.BotWebhookSecret); n < 8 || n > 256 {
			errs = append(errs, errors.New("ZALO_BOT_WEBHOOK_SECRET is required when ZALO_BOT_WEBHOOK_URL is set (8-256 characters)"))
		}
	}
	if !strings.HasPrefix(c.BotWebhookPath, "/") {
		errs = append(errs, errors.New(`ZALO_BOT_WEBHOOK_PATH must start with "/"`))
	}
	return errs
}

func (c Config) validateOA() []error {
	var errs []error
	// Two different keys; the sources disagree on whether they can be the
	// same, and a wrong guess fails every refresh, so both are asked for.
	if c.OASecret == "" {
		errs = append(errs, errors.New("ZALO_OA_SECRET (the OA secret key that signs webhook events) is required with ZALO_OA_APP_ID"))
	}
	if c.OAAppSecret == "" {
		errs = append(errs, errors.New("ZALO_OA_APP_SECRET (the app's secret key, sent to refresh the access token) is required with ZALO_OA_APP_ID; "+
			"give the same value as ZALO_OA_SECRET only if the Zalo developer console shows the same key"))
	}
	if c.OAReplyWindow > MaxReplyWindow {
		errs = append(errs, fmt.Errorf("ZALO_OA_REPLY_WINDOW must be at most %v: Zalo refuses customer-service messages 7 days after the person's last interaction", MaxReplyWindow))
	}
	if !strings.HasPrefix(c.OAWebhookPath, "/") {
		errs = append(errs, errors.New(`ZALO_OA_WEBHOOK_PATH must start with "/"`))
	}
	if c.OAWebhookPath == c.BotWebhookPath && c.BotEnabled() {
		errs = append(errs, errors.New("ZALO_OA_WEBHOOK_PATH and ZALO_BOT_WEBHOOK_PATH must differ"))
	}
	if c.OAProactive && c.OAProactiveQuota <= 0 {
		errs = append(errs, errors.New("ZALO_OA_PROACTIVE_QUOTA must be positive when ZALO_OA_PROACTIVE is on (the OA's monthly quota)"))
	}
	return errs
}
