package telegram

import (
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

const goodToken = "7012345678:AAH-secret-part_0123456789"

func TestDefaults(t *testing.T) {
	c := Config{Token: goodToken}.WithDefaults()
	if c.APIEndpoint != tgbotapi.APIEndpoint || c.GlobalRate != 30 || c.ChatInterval != time.Second ||
		c.GroupPerMinute != 20 || c.MaxRetries != 5 || c.PollTimeout != 30 || c.Workers != 16 ||
		c.WebhookPath != "/telegram/webhook" {
		t.Errorf("defaults = %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("defaults with a token do not validate: %v", err)
	}
	c = Config{Token: goodToken, WebhookURL: "https://x.example/hooks/tg"}.WithDefaults()
	if c.WebhookPath != "/hooks/tg" {
		t.Errorf("webhook path = %q, want the URL's path", c.WebhookPath)
	}
}

func TestValidateNamesTheVariable(t *testing.T) {
	cases := []struct {
		cfg  Config
		want string
	}{
		{Config{}, "TELEGRAM_TOKEN is required"},
		{Config{Token: "no colon here"}, "TELEGRAM_TOKEN is malformed"},
		{Config{Token: goodToken, APIEndpoint: "http://127.0.0.1:8081/bot"}, "TELEGRAM_API_ENDPOINT"},
		{Config{Token: goodToken, WebhookURL: "https://x.example/tg"}, "TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK_URL is set"},
		{Config{Token: goodToken, WebhookURL: "https://x.example/tg", WebhookSecret: "has space"}, "TELEGRAM_WEBHOOK_SECRET"},
		{Config{Token: goodToken, WebhookURL: "http://x.example/tg", WebhookSecret: "ok"}, "TELEGRAM_WEBHOOK_URL must be an absolute https"},
		{Config{Token: goodToken, GlobalRate: -1}, "TELEGRAM_GLOBAL_RATE"},
		{Config{Token: goodToken, ChatInterval: -time.Second}, "TELEGRAM_CHAT_INTERVAL"},
		{Config{Token: goodToken, Workers: -2}, "TELEGRAM_WORKERS"},
	}
	for _, c := range cases {
		err := c.cfg.WithDefaults().Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err = %v, want it to mention %q", c.cfg, err, c.want)
		}
		if err != nil && c.cfg.Token != "" && strings.Contains(err.Error(), c.cfg.Token) {
			t.Errorf("validation error shows the token: %v", err)
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{
		"TELEGRAM_TOKEN": goodToken, "TELEGRAM_API_ENDPOINT": "http://127.0.0.1:8081/bot%s/%s",
		"TELEGRAM_GLOBAL_RATE": "25", "TELEGRAM_CHAT_INTERVAL": "1500ms", "HTTP_ADDR": ":8080",
	}
	c, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.GlobalRate != 25 || c.ChatInterval != 1500*time.Millisecond || c.HTTPAddr != ":8080" ||
		c.APIEndpoint != "http://127.0.0.1:8081/bot%s/%s" || c.GroupPerMinute != 20 {
		t.Errorf("config = %+v", c)
	}
	env["TELEGRAM_WORKERS"] = "many"
	if _, err := ConfigFromEnv(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "TELEGRAM_WORKERS") {
		t.Errorf("err = %v, want it to name TELEGRAM_WORKERS", err)
	}
}

func TestMaskTokenKeepsSentinels(t *testing.T) {
	err := maskToken(goodToken, &wrapped{msg: `Post "https://api.telegram.org/bot` + goodToken + `/getMe": context canceled`})
	if strings.Contains(err.Error(), "AAH-secret") || !strings.Contains(err.Error(), "/bot***/getMe") {
		t.Errorf("masked = %q", err)
	}
}

type wrapped struct{ msg string }

func (w *wrapped) Error() string { return w.msg }
