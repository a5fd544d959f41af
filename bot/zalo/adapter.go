package zalo

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/zalo/botapi"
	"treembot/bot/zalo/internal/core"
	"treembot/bot/zalo/oa"
)

// Adapter connects the router to Zalo: the Bot API, the Official Account,
// or both, as configured.
type Adapter struct {
	bot *botapi.API
	oa  *oa.API
}

// New checks cfg (defaults applied) and deps, proves the Bot API token
// with getMe and stores the OA's first refresh token, and returns an
// adapter ready to Run.
func New(cfg Config, deps Deps) (*Adapter, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("zalo config: %w", err)
	}
	if !cfg.Enabled() {
		return nil, errors.New("zalo: neither ZALO_BOT_TOKEN nor ZALO_OA_APP_ID is set")
	}
	deps, err := deps.WithDefaults(cfg)
	if err != nil {
		return nil, err
	}
	a := &Adapter{}
	if cfg.BotEnabled() {
		if a.bot, err = botapi.New(cfg, deps); err != nil {
			return nil, err
		}
	}
	if cfg.OAEnabled() {
		if a.oa, err = oa.New(cfg, deps); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Run receives updates until ctx is cancelled: the Bot API by long polling
// or by webhook (registered here, served through Handlers), the Official
// Account by webhook, and keeps the OA token fresh. It returns after the
// updates in flight are finished.
func (a *Adapter) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	errs := make([]error, 2)
	if a.bot != nil {
		wg.Go(func() { errs[0] = a.bot.Run(ctx) })
	}
	if a.oa != nil {
		wg.Go(func() { errs[1] = a.oa.Run(ctx) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Handlers returns the webhook handlers to mount on the HTTP server, by
// path: the OA's always (when configured), the Bot API's in webhook mode.
func (a *Adapter) Handlers() map[string]http.Handler {
	out := map[string]http.Handler{}
	if a.bot != nil && a.bot.Cfg.BotWebhookURL != "" {
		out[a.bot.Cfg.BotWebhookPath] = a.bot.WebhookHandler()
	}
	if a.oa != nil {
		out[a.oa.Cfg.OAWebhookPath] = a.oa.WebhookHandler()
	}
	return out
}

// Senders returns the outbound side of each configured API by channel
// name (ChannelBot, ChannelOA), for the router's replies and the reminder
// outbox. OA sends outside the reply window fail with ErrOutsideWindow
// unless proactive messages are configured and within quota.
func (a *Adapter) Senders() map[string]chatmsg.Sender {
	out := map[string]chatmsg.Sender{}
	if a.bot != nil {
		out[ChannelBot] = a.bot
	}
	if a.oa != nil {
		out[ChannelOA] = a.oa
	}
	return out
}

// InReplyWindow reports whether the OA may still answer userID freely
// (they wrote within the reply window) and until when.
func (a *Adapter) InReplyWindow(ctx context.Context, userID string) (bool, time.Time, error) {
	if a.oa == nil {
		return false, time.Time{}, errors.New("zalo: the Official Account is not configured")
	}
	return a.oa.InReplyWindow(ctx, userID)
}

// Pending counts the webhook events accepted (answered 200) but not yet
// handled, by any instance: a number that should stay near zero.
func (a *Adapter) Pending(ctx context.Context) (int, error) {
	n := 0
	for _, c := range a.cores() {
		k, err := c.Pending(ctx)
		if err != nil {
			return n, err
		}
		n += k
	}
	return n, nil
}

// cores are the shared parts of the configured channels.
func (a *Adapter) cores() []*core.Core {
	var out []*core.Core
	if a.bot != nil {
		out = append(out, a.bot.Core)
	}
	if a.oa != nil {
		out = append(out, a.oa.Core)
	}
	return out
}
