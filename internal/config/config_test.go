package config

import (
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigDefaults(t *testing.T) {
	c, err := Load(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.SQLitePath != "./data/treembot.db" || c.DefaultLang != "vi" || c.Zone.String() != "Asia/Ho_Chi_Minh" {
		t.Errorf("unexpected defaults: %+v", c)
	}
}

// Every configuration mistake names the variable to fix.
func TestConfigErrorsNameTheVariable(t *testing.T) {
	cases := map[string]map[string]string{
		"DATABASE_URL":     {"DATABASE_URL": "mysql://x"},
		"REDIS_URL":        {"REDIS_URL": "http://x"},
		"BOT_DEFAULT_LANG": {"BOT_DEFAULT_LANG": "fr"},
		"BOT_TIMEZONE":     {"BOT_TIMEZONE": "Mars/Olympus"},
		"LOG_LEVEL":        {"LOG_LEVEL": "loud"},
		"LOG_FORMAT":       {"LOG_FORMAT": "xml"},
	}
	for name, env := range cases {
		_, err := Load(envOf(env))
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v does not name the variable", name, err)
		}
	}
}
