package core

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"treembot/bot/channel"
)

// ConfigFromEnv reads the ZALO_* variables through getenv, applies the
// defaults and validates the result. With neither ZALO_BOT_TOKEN nor
// ZALO_OA_APP_ID set it returns a disabled Config and no error.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		BotToken: getenv("ZALO_BOT_TOKEN"), BotAPIEndpoint: getenv("ZALO_BOT_API_ENDPOINT"),
		BotWebhookURL: getenv("ZALO_BOT_WEBHOOK_URL"), BotWebhookSecret: getenv("ZALO_BOT_WEBHOOK_SECRET"),
		BotWebhookPath: getenv("ZALO_BOT_WEBHOOK_PATH"),
		OAAppID:        getenv("ZALO_OA_APP_ID"), OASecret: getenv("ZALO_OA_SECRET"),
		OAAppSecret: getenv("ZALO_OA_APP_SECRET"), OARefreshToken: getenv("ZALO_OA_REFRESH_TOKEN"),
		OAAPIEndpoint: getenv("ZALO_OA_API_ENDPOINT"), OAuthEndpoint: getenv("ZALO_OA_OAUTH_ENDPOINT"),
		OAWebhookPath: getenv("ZALO_OA_WEBHOOK_PATH"),
	}
	ints := map[string]*int{
		"ZALO_BOT_POLL_TIMEOUT": &c.BotPollTimeout, "ZALO_OA_PROACTIVE_QUOTA": &c.OAProactiveQuota,
		"ZALO_RATE": &c.Rate, "ZALO_MAX_RETRIES": &c.MaxRetries, "ZALO_WORKERS": &c.Workers,
	}
	durations := map[string]*time.Duration{
		"ZALO_OA_REPLY_WINDOW": &c.OAReplyWindow, "ZALO_OA_REFRESH_MARGIN": &c.OARefreshMargin,
		"ZALO_CHAT_INTERVAL": &c.ChatInterval, "ZALO_RETRY_BASE": &c.RetryBase,
	}
	errs := channel.ParseEnv(getenv, ints, durations)
	if v := getenv("ZALO_OA_PROACTIVE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("ZALO_OA_PROACTIVE must be true or false: %w", err))
		}
		c.OAProactive = b
	}
	c = c.WithDefaults()
	if err := errors.Join(append(errs, c.Validate())...); err != nil {
		return c, fmt.Errorf("zalo config: %w", err)
	}
	return c, nil
}
