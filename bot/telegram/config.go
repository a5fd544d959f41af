package telegram

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/channel"
)

// DefaultWebhookPath is where the webhook is served when neither
// TELEGRAM_WEBHOOK_PATH nor the path of TELEGRAM_WEBHOOK_URL says otherwise.
const DefaultWebhookPath = "/telegram/webhook"

// Config is the adapter's configuration; zero fields take the defaults
// documented on each field (see WithDefaults).
type Config struct {
	Token         string // TELEGRAM_TOKEN, from @BotFather; never logged
	APIEndpoint   string // TELEGRAM_API_ENDPOINT, tgbotapi format "https://host/bot%s/%s"
	WebhookURL    string // TELEGRAM_WEBHOOK_URL; set = webhook mode, empty = long polling
	WebhookSecret string // TELEGRAM_WEBHOOK_SECRET, required in webhook mode
	HTTPAddr      string // HTTP_ADDR, where Run serves the webhook; empty = the caller mounts WebhookHandler
	WebhookPath   string // TELEGRAM_WEBHOOK_PATH; default: the URL's path, else DefaultWebhookPath

	GlobalRate     int           // TELEGRAM_GLOBAL_RATE, messages per second per bot (default 30)
	ChatInterval   time.Duration // TELEGRAM_CHAT_INTERVAL, refill of a private chat's burst: one message per interval (default 1s)
	ChatBurst      int           // TELEGRAM_CHAT_BURST, messages one chat may get at once before the interval applies (default 3)
	GroupPerMinute int           // TELEGRAM_GROUP_PER_MINUTE, messages per minute per group (default 20)
	MaxRetries     int           // TELEGRAM_MAX_RETRIES, retries of a failed send (default 5)
	RetryBase      time.Duration // TELEGRAM_RETRY_BASE, first back-off step, doubled up to 30s (default 500ms)
	PollTimeout    int           // TELEGRAM_POLL_TIMEOUT, long-poll seconds (default 30)
	Workers        int           // TELEGRAM_WORKERS, chats handled in parallel (default 16)
}

// WithDefaults returns c with every zero field set to its default.
func (c Config) WithDefaults() Config {
	if c.APIEndpoint == "" {
		c.APIEndpoint = tgbotapi.APIEndpoint
	}
	if c.WebhookPath == "" {
		c.WebhookPath = DefaultWebhookPath
		if u, err := url.Parse(c.WebhookURL); err == nil && len(u.Path) > 1 {
			c.WebhookPath = u.Path
		}
	}
	setDefault(&c.GlobalRate, 30)
	setDefault(&c.ChatInterval, time.Second)
	setDefault(&c.ChatBurst, 3)
	setDefault(&c.GroupPerMinute, 20)
	setDefault(&c.MaxRetries, 5)
	setDefault(&c.RetryBase, 500*time.Millisecond)
	setDefault(&c.PollTimeout, 30)
	setDefault(&c.Workers, 16)
	return c
}

func setDefault[T int | time.Duration](v *T, def T) {
	if *v == 0 {
		*v = def
	}
}

// Telegram accepts 1-256 of these characters as a webhook secret token.
var secretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// Validate checks c (after WithDefaults) and names the environment
// variable to fix; the token itself never appears in a message.
func (c Config) Validate() error {
	var errs []error
	if c.Token == "" {
		errs = append(errs, errors.New("TELEGRAM_TOKEN is required"))
	} else if !strings.Contains(c.Token, ":") || strings.ContainsAny(c.Token, " \t\r\n/%?#") {
		errs = append(errs, errors.New("TELEGRAM_TOKEN is malformed: expected the 123456:ABC... form given by @BotFather"))
	}
	if strings.Count(c.APIEndpoint, "%s") != 2 {
		errs = append(errs, errors.New(`TELEGRAM_API_ENDPOINT must contain two %s (token, method), e.g. "http://127.0.0.1:8081/bot%s/%s"`))
	}
	if c.WebhookURL != "" {
		if u, err := url.Parse(c.WebhookURL); err != nil || u.Scheme != "https" || u.Host == "" {
			errs = append(errs, errors.New("TELEGRAM_WEBHOOK_URL must be an absolute https:// URL"))
		}
		if !secretPattern.MatchString(c.WebhookSecret) {
			errs = append(errs, errors.New("TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK_URL is set (1-256 of A-Z a-z 0-9 _ -)"))
		}
	}
	if !strings.HasPrefix(c.WebhookPath, "/") {
		errs = append(errs, errors.New(`TELEGRAM_WEBHOOK_PATH must start with "/"`))
	}
	positive := []struct {
		name string
		ok   bool
	}{
		{"TELEGRAM_GLOBAL_RATE", c.GlobalRate > 0},
		{"TELEGRAM_CHAT_INTERVAL", c.ChatInterval > 0},
		{"TELEGRAM_CHAT_BURST", c.ChatBurst > 0},
		{"TELEGRAM_GROUP_PER_MINUTE", c.GroupPerMinute > 0},
		{"TELEGRAM_MAX_RETRIES", c.MaxRetries >= 0},
		{"TELEGRAM_RETRY_BASE", c.RetryBase > 0},
		{"TELEGRAM_POLL_TIMEOUT", c.PollTimeout > 0},
		{"TELEGRAM_WORKERS", c.Workers > 0},
	}
	for _, p := range positive {
		if !p.ok {
			errs = append(errs, fmt.Errorf("%s must be positive", p.name))
		}
	}
	return errors.Join(errs...)
}

// ConfigFromEnv reads the TELEGRAM_* variables (and HTTP_ADDR) through
// getenv, applies the defaults and validates the result.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Token:         getenv("TELEGRAM_TOKEN"),
		APIEndpoint:   getenv("TELEGRAM_API_ENDPOINT"),
		WebhookURL:    getenv("TELEGRAM_WEBHOOK_URL"),
		WebhookSecret: getenv("TELEGRAM_WEBHOOK_SECRET"),
		HTTPAddr:      getenv("HTTP_ADDR"),
		WebhookPath:   getenv("TELEGRAM_WEBHOOK_PATH"),
	}
	ints := map[string]*int{
		"TELEGRAM_GLOBAL_RATE": &c.GlobalRate, "TELEGRAM_GROUP_PER_MINUTE": &c.GroupPerMinute,
		"TELEGRAM_MAX_RETRIES": &c.MaxRetries, "TELEGRAM_POLL_TIMEOUT": &c.PollTimeout,
		"TELEGRAM_WORKERS": &c.Workers, "TELEGRAM_CHAT_BURST": &c.ChatBurst,
	}
	durations := map[string]*time.Duration{
		"TELEGRAM_CHAT_INTERVAL": &c.ChatInterval, "TELEGRAM_RETRY_BASE": &c.RetryBase,
	}
	errs := channel.ParseEnv(getenv, ints, durations)
	c = c.WithDefaults()
	if err := errors.Join(append(errs, c.Validate())...); err != nil {
		return c, fmt.Errorf("telegram config: %w", err)
	}
	return c, nil
}
