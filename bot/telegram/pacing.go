package telegram

import (
	"log/slog"
	"strings"
	"time"

	"treembot/bot/channel"
)

// newPacer keeps outbound messages under Telegram's limits: one per
// ChatInterval per private chat, GroupPerMinute per group, GlobalRate per
// second per bot (shared across instances through the session store's
// Allow when one is given).
func newPacer(cfg Config, budget channel.Budget, budgetKey string, clock func() time.Time, log *slog.Logger) *channel.Pacer {
	pc := channel.PacerConfig{Name: "telegram", Rate: cfg.GlobalRate, ChatLimit: chatLimit(cfg),
		Budget: budget, BudgetKey: budgetKey, Clock: clock, Logger: log}
	return channel.NewPacer(pc)
}

// chatLimit gives a chat's window: groups have negative ids in the Bot API
// and a per-minute limit; private chats a minimum interval.
func chatLimit(cfg Config) func(chat string) (int, time.Duration) {
	return func(chat string) (int, time.Duration) {
		if strings.HasPrefix(chat, "-") {
			return cfg.GroupPerMinute, time.Minute
		}
		return 1, cfg.ChatInterval
	}
}
