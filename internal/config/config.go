package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"treembot/locales"
)

// Config is everything treembot reads from the environment. It is loaded
// once by the CLI and passed down explicitly.
type Config struct {
	DatabaseURL string // DATABASE_URL: postgres://… ; empty = embedded SQLite
	SQLitePath  string // SQLITE_PATH
	RedisURL    string // REDIS_URL: redis://… ; empty = in-process sessions
	RedisPrefix string // REDIS_PREFIX

	// TelegramToken switches Telegram on; the adapter reads its other
	// TELEGRAM_* settings itself (telegram.ConfigFromEnv).
	TelegramToken   string // TELEGRAM_TOKEN
	TelegramBotName string // TELEGRAM_BOT_NAME, for invite links without a token
	HTTPAddr        string // HTTP_ADDR: health, readiness and the webhook

	Timezone    string // BOT_TIMEZONE
	DefaultLang string // BOT_DEFAULT_LANG
	LogLevel    string // LOG_LEVEL
	LogFormat   string // LOG_FORMAT

	Zone *time.Location // derived from Timezone by Validate
}

// Load reads the environment through getenv, applies defaults and
// validates.
func Load(getenv func(string) string) (Config, error) {
	get := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		DatabaseURL:     get("DATABASE_URL", ""),
		SQLitePath:      get("SQLITE_PATH", "./data/treembot.db"),
		RedisURL:        get("REDIS_URL", ""),
		RedisPrefix:     get("REDIS_PREFIX", "treembot:"),
		TelegramToken:   get("TELEGRAM_TOKEN", ""),
		TelegramBotName: get("TELEGRAM_BOT_NAME", ""),
		HTTPAddr:        get("HTTP_ADDR", ":8080"),
		Timezone:        get("BOT_TIMEZONE", locales.DefaultZone),
		DefaultLang:     get("BOT_DEFAULT_LANG", locales.VI),
		LogLevel:        get("LOG_LEVEL", "info"),
		LogFormat:       get("LOG_FORMAT", "text"),
	}
	return c, c.Validate()
}

// Validate checks the configuration; each message names the variable.
func (c *Config) Validate() error {
	var errs []error
	if c.DatabaseURL != "" && !isPostgresURL(c.DatabaseURL) {
		errs = append(errs, errors.New("DATABASE_URL must start with postgres:// or postgresql:// (leave it empty for the embedded SQLite file)"))
	}
	if c.RedisURL != "" {
		if u, err := url.Parse(c.RedisURL); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") {
			errs = append(errs, errors.New("REDIS_URL must look like redis://host:6379/0"))
		}
	}
	if c.DefaultLang != locales.VI && c.DefaultLang != locales.EN {
		errs = append(errs, fmt.Errorf("BOT_DEFAULT_LANG must be vi or en, not %q", c.DefaultLang))
	}
	zone, err := locales.LoadZone(c.Timezone)
	if err != nil {
		errs = append(errs, fmt.Errorf("BOT_TIMEZONE %q is not a known time zone", c.Timezone))
	}
	c.Zone = zone
	if _, err := ParseLogLevel(c.LogLevel); err != nil {
		errs = append(errs, err)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, errors.New("LOG_FORMAT must be text or json"))
	}
	return errors.Join(errs...)
}

func isPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// ParseLogLevel reads LOG_LEVEL's value; the error names the variable.
func ParseLogLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("LOG_LEVEL must be debug, info, warn or error, not %q", s)
	}
	return l, nil
}
