package telegram

import (
	"log/slog"
	"strings"
	"time"

	"treembot/bot/channel"
)

// newPacer keeps outbound messages under Telegram's limits: per private
// chat a burst of ChatBurst then one per ChatInterval, per group
// GroupPerMinute a minute (burst included), GlobalRate per second per bot
// (shared across instances through the session store's Allow when one is
// given), replies going ahead of bulk sends.
func newPacer(cfg Config, budget channel.Budget, budgetKey string, clock func() time.Time, log *slog.Logger) *channel.Pacer {
	pc := channel.PacerConfig{Name: "telegram", Rate: cfg.GlobalRate, ChatLimit: chatLimit(cfg),
		Budget: budget, BudgetKey: budgetKey, Clock: clock, Logger: log}
	return channel.NewPacer(pc)
}

// chatLimit gives a chat's bucket: groups have negative ids in the Bot API
// and a per-minute limit, which the burst must not push past; private
// chats a short burst, then one per ChatInterval.
func chatLimit(cfg Config) func(chat string) (int, time.Duration) {
	return func(chat string) (int, time.Duration) {
		if strings.HasPrefix(chat, "-") {
			burst := min(cfg.ChatBurst, cfg.GroupPerMinute)
			// burst + a minute of refills stays within GroupPerMinute.
			refills := max(cfg.GroupPerMinute-burst, 1)
			return burst, time.Minute / time.Duration(refills)
		}
		return cfg.ChatBurst, cfg.ChatInterval
	}
}
