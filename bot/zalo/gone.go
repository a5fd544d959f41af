package zalo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"treembot/bot/chatmsg"
)

// maxGonePerMinute is how many people one API may mark unreachable in a
// minute (across instances). A refusal that looks personal but hits many
// people at once more likely means the bot's own account has a problem,
// and deactivating everyone it tried would silence the district.
const maxGonePerMinute = 5

// goneGuard counts people marked unreachable and alerts the admins when
// too many are, at most once per alertEvery per kind of alert.
type goneGuard struct {
	channel string
	sess    SessionStore
	clock   func() time.Time
	alert   func(ctx context.Context, messageID string, data map[string]any)

	mu        sync.Mutex
	lastAlert map[string]time.Time
}

// allow takes one of this minute's deactivations; false when they are
// used up (or the count is unknown: then nobody is deactivated).
func (g *goneGuard) allow(ctx context.Context) bool {
	ok, _, err := g.sess.Allow(ctx, "zalo:gone-budget:"+g.channel, maxGonePerMinute, time.Minute)
	return err == nil && ok
}

// notify tells the admins once per alertEvery about messageID.
func (g *goneGuard) notify(ctx context.Context, messageID string) {
	now := g.clock()
	g.mu.Lock()
	last, seen := g.lastAlert[messageID]
	due := !seen || now.Sub(last) >= alertEvery
	if due {
		g.lastAlert[messageID] = now
	}
	g.mu.Unlock()
	if due && g.alert != nil {
		g.alert(context.WithoutCancel(ctx), messageID, map[string]any{"Channel": g.channel, "Limit": maxGonePerMinute})
	}
}

// guardGone decides about a send that says its recipient is gone: within
// the minute's allowance the chat is reported gone; past it the error is
// kept final but no longer says gone (so the reminder outbox does not
// deactivate either), an error is logged and the admins are alerted.
func (c *core) guardGone(ctx context.Context, chat string, err error) error {
	var se *chatmsg.SendError
	if !errors.As(err, &se) || !se.Gone {
		return err
	}
	if c.guard.allow(ctx) {
		c.gone(ctx, chat)
		return err
	}
	c.log.Error("zalo: too many people refused within a minute as unreachable; not marking them, alerting the admins",
		"limit_per_minute", maxGonePerMinute, "status", se.Status)
	c.guard.notify(ctx, "zalo_alert_gone_burst")
	out := *se
	out.Gone = false
	out.Err = fmt.Errorf("recipient refused, not marked unreachable (over %d a minute): %w", maxGonePerMinute, se.Err)
	return &out
}

// blockedPhrases are the descriptions of a Bot API 403 taken to mean that
// this one person blocked or left the bot. No Zalo document gives them:
// they are Telegram's and OpenClaw's wording. Any other 403 (the bot's own
// access) marks nobody.
var blockedPhrases = []string{"blocked", "user not found", "user is not exist", "user does not exist", "deactivated", "unfollow"}

// recipientBlocked reports whether a 403's description names the person.
func recipientBlocked(description string) bool {
	d := strings.ToLower(description)
	for _, p := range blockedPhrases {
		if strings.Contains(d, p) {
			return true
		}
	}
	return false
}
