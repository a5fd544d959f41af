package botapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
	"treembot/bot/zalo/internal/core"
)

// ChannelName is the Bot API's channel, stored with identities and used
// in chatmsg.Update.Channel; the OA numbers people differently, so it is
// another channel.
const ChannelName = "zalo"

// API is the Zalo Bot API side of the adapter.
type API struct {
	*core.Core
	http *http.Client
	name string // the bot's account name, from getMe
}

// New builds the Bot API channel from cfg and deps as bot/zalo checked
// and defaulted them, and proves the token with getMe.
func New(cfg core.Config, deps core.Deps) (*API, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = max(cfg.Rate, cfg.Workers)
	b := &API{Core: core.New(ChannelName, cfg, deps), http: &http.Client{Transport: transport}}
	b.Deliver, b.Decode = b.deliverMessage, botUpdates
	// Only the name is used: the id's JSON type (string or number) must
	// not stop the bot starting.
	var me struct {
		AccountName string `json:"account_name"`
	}
	ctx, cancel := context.WithTimeout(context.Background(), core.RequestTimeout)
	defer cancel()
	if err := b.call(ctx, "getMe", struct{}{}, &me, core.RequestTimeout); err != nil {
		return nil, fmt.Errorf("zalo getMe: %w", err)
	}
	b.name = me.AccountName
	return b, nil
}

// Run receives updates by webhook or long polling until ctx ends.
// Events a webhook accepted are swept in either mode: some may be left
// from before a switch to polling. It returns after the updates in flight.
func (b *API) Run(ctx context.Context) error {
	sweepCtx, stopSweep := context.WithCancel(ctx)
	swept := make(chan struct{})
	go func() { defer close(swept); b.Sweep(sweepCtx) }()
	err := b.receive(ctx)
	stopSweep()
	<-swept
	b.Shutdown()
	return err
}

// receive waits for webhook calls, or long-polls, until ctx ends.
func (b *API) receive(ctx context.Context) error {
	if b.Cfg.BotWebhookURL != "" {
		b.Log.Info("zalo: bot API in webhook mode (long polling off)", "bot", b.name, "path", b.Cfg.BotWebhookPath)
		params := map[string]string{"url": b.Cfg.BotWebhookURL, "secret_token": b.Cfg.BotWebhookSecret}
		if err := b.call(ctx, "setWebhook", params, nil, core.RequestTimeout); err != nil {
			if ctx.Err() != nil {
				return nil // stopped while registering: a stop, not a failure
			}
			return fmt.Errorf("zalo setWebhook: %w", err)
		}
		<-ctx.Done()
		return nil
	}
	b.Log.Info("zalo: bot API long polling (webhook off)", "bot", b.name)
	return b.poll(ctx)
}

// poll runs long polling until ctx ends or the token is refused.
// getUpdates gets no webhook while one is set, so it is removed.
func (b *API) poll(ctx context.Context) error {
	if err := b.call(ctx, "deleteWebhook", struct{}{}, nil, core.RequestTimeout); err != nil {
		b.Log.Warn("zalo: deleteWebhook failed", "err", err)
	}
	failures := 0
	for ctx.Err() == nil {
		updates, err := b.getUpdates(ctx)
		switch {
		case err == nil:
			failures = 0
			b.dispatch(ctx, updates)
		case ctx.Err() != nil:
		case pollTimedOut(err):
			failures = 0
		case fatalBot(err):
			return fmt.Errorf("zalo getUpdates: %w", err)
		case notFound(err):
			// Zalo answers 404 for a method it does not offer (OpenClaw sees
			// it on getWebhookInfo): maybe for a while, so keep trying.
			b.Log.Error("zalo: getUpdates failed: the Bot API says not found; retrying", "err", err, "attempt", failures+1)
			_ = channel.Sleep(ctx, channel.Backoff(b.Cfg.RetryBase, failures))
			failures++
		default:
			b.Log.Warn("zalo: getUpdates failed", "err", err)
			_ = channel.Sleep(ctx, channel.Backoff(b.Cfg.RetryBase, failures))
			failures++
		}
	}
	return nil
}

// getUpdates is one long poll.
func (b *API) getUpdates(ctx context.Context) ([]botUpdate, error) {
	var raw []byte
	params := map[string]string{"timeout": fmt.Sprint(b.Cfg.BotPollTimeout)}
	timeout := time.Duration(b.Cfg.BotPollTimeout)*time.Second + core.RequestTimeout
	if err := b.call(ctx, "getUpdates", params, (*rawJSON)(&raw), timeout); err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		return nil, nil
	}
	updates, err := decodeBotUpdates(raw)
	if err != nil {
		// No retry could ever decode it; Zalo will not send it again.
		b.Log.Error("zalo: undecodable update skipped", "err", err)
		return nil, nil
	}
	return updates, nil
}

// dispatch hands updates to their chats' queues, retried until handled.
func (b *API) dispatch(ctx context.Context, updates []botUpdate) {
	for _, u := range updates {
		upd, ok := u.toUpdate()
		if !ok {
			continue
		}
		b.Disp.Submit(upd.ChatID, func() { b.Process(ctx, upd, true, b.lostAtShutdown(upd)) })
	}
}

// lostAtShutdown logs a polled update still unsaved when the adapter
// stops: getUpdates handed it over once, and Zalo will not send it again.
func (b *API) lostAtShutdown(upd chatmsg.Update) func(error) {
	return func(err error) {
		if err != nil {
			b.Log.Error("zalo: update not handled before shutdown; Zalo will not send it again",
				"update_id", upd.UpdateID, "err", err)
		}
	}
}

// deliverMessage sends msg as text: the Bot API draws no buttons, so they
// are listed under the text, and it takes photos only by URL, so a file
// becomes a notice.
func (b *API) deliverMessage(ctx context.Context, msg chatmsg.Message) error {
	if strings.TrimSpace(msg.ChatID) == "" {
		return &chatmsg.SendError{Op: "sendMessage", Err: fmt.Errorf("empty chat id")}
	}
	pieces := textPieces(msg, b.Core)
	if len(pieces) == 0 {
		return &chatmsg.SendError{Op: "sendMessage", Err: fmt.Errorf("empty message: no text, photo or document")}
	}
	for _, text := range pieces {
		params := map[string]string{"chat_id": msg.ChatID, "text": text}
		err := b.Retrying(ctx, msg.ChatID, func(ctx context.Context) *chatmsg.SendError {
			if err := b.call(ctx, "sendMessage", params, nil, core.RequestTimeout); err != nil {
				return classifyBot("sendMessage", err)
			}
			return nil
		})
		if err != nil {
			b.forbidden(ctx, err)
			return err
		}
	}
	return nil
}

// forbidden alerts the admins about a 403 that names nobody: the bot's
// own access may be refused, and then nothing reaches anyone.
func (b *API) forbidden(ctx context.Context, err error) {
	var be *botError
	if errors.As(err, &be) && be.Code == http.StatusForbidden && !recipientBlocked(be.Description) {
		b.Log.Error("zalo: the Bot API refused a send with 403 naming no person; the bot's own access may be refused", "err", err)
		b.Alert(ctx, "zalo_alert_forbidden")
	}
}

// rawJSON keeps a result undecoded.
type rawJSON []byte

// UnmarshalJSON copies the raw result.
func (r *rawJSON) UnmarshalJSON(b []byte) error {
	*r = append((*r)[:0], b...)
	return nil
}
