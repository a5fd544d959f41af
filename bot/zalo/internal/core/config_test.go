package core

import (
	"strings"
	"testing"
	"time"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestConfigFromEnvWithNothingSetIsDisabled(t *testing.T) {
	c, err := ConfigFromEnv(env(nil))
	if err != nil || c.Enabled() {
		t.Fatalf("empty environment: enabled=%v err=%v", c.Enabled(), err)
	}
}

func TestConfigFromEnvReadsEveryVariable(t *testing.T) {
	c, err := ConfigFromEnv(env(map[string]string{
		"ZALO_BOT_TOKEN": "123:abc", "ZALO_BOT_WEBHOOK_URL": "https://x.example/zb", "ZALO_BOT_WEBHOOK_SECRET": "12345678",
		"ZALO_OA_APP_ID": "42", "ZALO_OA_SECRET": "oa", "ZALO_OA_APP_SECRET": "app", "ZALO_OA_REFRESH_TOKEN": "r0",
		"ZALO_OA_REPLY_WINDOW": "24h", "ZALO_OA_PROACTIVE": "true", "ZALO_OA_PROACTIVE_QUOTA": "500",
		"ZALO_RATE": "5", "ZALO_WORKERS": "2",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{BotToken: "123:abc", BotWebhookURL: "https://x.example/zb", BotWebhookSecret: "12345678",
		BotWebhookPath: "/zb", OAAppID: "42", OASecret: "oa", OAAppSecret: "app", OARefreshToken: "r0",
		OAReplyWindow: 24 * time.Hour, OAProactive: true, OAProactiveQuota: 500, Rate: 5, Workers: 2}.WithDefaults()
	if c != want {
		t.Errorf("config\n got %+v\nwant %+v", c, want)
	}
	if c.BotAPIEndpoint != DefaultBotAPIEndpoint || c.OAWebhookPath != DefaultOAWebhookPath || c.OARefreshMargin != time.Hour {
		t.Errorf("defaults not applied: %+v", c)
	}
}

func TestValidateNamesTheVariable(t *testing.T) {
	cases := map[string]map[string]string{
		"ZALO_BOT_TOKEN":                   {"ZALO_BOT_TOKEN": "no-colon"},
		"ZALO_BOT_WEBHOOK_SECRET":          {"ZALO_BOT_TOKEN": "1:a", "ZALO_BOT_WEBHOOK_URL": "https://x.example/h", "ZALO_BOT_WEBHOOK_SECRET": "short"},
		"ZALO_BOT_WEBHOOK_URL":             {"ZALO_BOT_TOKEN": "1:a", "ZALO_BOT_WEBHOOK_URL": "http://x.example/h", "ZALO_BOT_WEBHOOK_SECRET": "12345678"},
		"ZALO_OA_SECRET":                   {"ZALO_OA_APP_ID": "1", "ZALO_OA_APP_SECRET": "a"},
		"ZALO_OA_APP_SECRET":               {"ZALO_OA_APP_ID": "1", "ZALO_OA_SECRET": "s"},
		"ZALO_OA_PROACTIVE_QUOTA":          {"ZALO_OA_APP_ID": "1", "ZALO_OA_SECRET": "s", "ZALO_OA_PROACTIVE": "true"},
		"ZALO_OA_REPLY_WINDOW":             {"ZALO_OA_APP_ID": "1", "ZALO_OA_SECRET": "s", "ZALO_OA_REPLY_WINDOW": "two days"},
		"ZALO_OA_REPLY_WINDOW over 7 days": {"ZALO_OA_APP_ID": "1", "ZALO_OA_SECRET": "s", "ZALO_OA_APP_SECRET": "a", "ZALO_OA_REPLY_WINDOW": "192h"},
		"ZALO_WORKERS":                     {"ZALO_BOT_TOKEN": "1:a", "ZALO_WORKERS": "-1"},
		"ZALO_OA_API_ENDPOINT":             {"ZALO_OA_APP_ID": "1", "ZALO_OA_SECRET": "s", "ZALO_OA_API_ENDPOINT": "openapi.zalo.me"},
	}
	for name, vars := range cases {
		_, err := ConfigFromEnv(env(vars))
		if err == nil || !strings.Contains(err.Error(), strings.Fields(name)[0]) {
			t.Errorf("%s: err = %v", name, err)
		}
		if err != nil && strings.Contains(err.Error(), "no-colon") {
			t.Errorf("the token appears in %v", err)
		}
	}
}
