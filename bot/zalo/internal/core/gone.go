package core

import (
	"context"
	"errors"
	"fmt"
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
// too many are, at most once per AlertEvery per kind of alert.
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

// notify tells the admins once per AlertEvery about messageID.
func (g *goneGuard) notify(ctx context.Context, messageID string) {
	now := g.clock()
	g.mu.Lock()
	last, seen := g.lastAlert[messageID]
	due := !seen || now.Sub(last) >= AlertEvery
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
func (c *Core) guardGone(ctx context.Context, chat string, err error) error {
	var se *chatmsg.SendError
	if !errors.As(err, &se) || !se.Gone {
		return err
	}
	if c.guard.allow(ctx) {
		c.gone(ctx, chat)
		return err
	}
	c.Log.Error("zalo: too many people refused within a minute as unreachable; not marking them, alerting the admins",
		"limit_per_minute", maxGonePerMinute, "status", se.Status)
	c.guard.notify(ctx, "zalo_alert_gone_burst")
	out := *se
	out.Gone = false
	out.Err = fmt.Errorf("recipient refused, not marked unreachable (over %d a minute): %w", maxGonePerMinute, se.Err)
	return &out
}

// AlertEvery bounds how often a failing refresh alerts the admins.
const AlertEvery = time.Hour
