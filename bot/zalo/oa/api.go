package oa

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/zalo/internal/core"
)

// tokenCheckEvery is how often the OA token's expiry is looked at.
const tokenCheckEvery = time.Minute

// ChannelName is the Official Account's channel, stored with identities
// and used in chatmsg.Update.Channel; the Bot API numbers people
// differently, so it is another channel.
const ChannelName = "zalo_oa"

// API is the Zalo Official Account side of the adapter.
type API struct {
	*core.Core
	http   *http.Client
	tokens *tokens
	window *replyWindow
	quota  *proactiveQuota
}

// New builds the OA channel from cfg and deps as bot/zalo checked and
// defaulted them, and stores the environment's refresh token when it is
// new to the database; tokens are refreshed by Run and on demand.
func New(cfg core.Config, deps core.Deps) (*API, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = max(cfg.Rate, cfg.Workers)
	client := &http.Client{Transport: transport}
	o := &API{Core: core.New(ChannelName, cfg, deps), http: client}
	o.Deliver, o.Decode, o.Prepare = o.deliverMessage, oaUpdates, o.withName
	o.tokens = &tokens{cfg: cfg, store: deps.Tokens, http: client, clock: deps.Clock, log: o.Log, onFail: deps.OnTokenAlert}
	o.window = &replyWindow{sess: deps.Sessions, missing: deps.NotFound, length: cfg.OAReplyWindow, clock: deps.Clock}
	o.quota = &proactiveQuota{sess: deps.Sessions, appID: cfg.OAAppID, limit: max(cfg.OAProactiveQuota, 1), clock: deps.Clock}
	if cfg.OARefreshToken != "" {
		ctx, cancel := context.WithTimeout(context.Background(), core.RequestTimeout)
		defer cancel()
		stored, err := deps.Tokens.SeedZaloRefreshToken(ctx, cfg.OAAppID, cfg.OARefreshToken, deps.Clock())
		if err != nil {
			return nil, fmt.Errorf("zalo OA: %w", err)
		}
		if stored {
			o.Log.Info("zalo: OA refresh token taken from ZALO_OA_REFRESH_TOKEN")
		}
	}
	return o, nil
}

// Run keeps the access token fresh and sweeps the spool until ctx ends;
// events arrive through WebhookHandler.
func (o *API) Run(ctx context.Context) error {
	o.Log.Info("zalo: Official Account webhook", "path", o.Cfg.OAWebhookPath, "proactive", o.Cfg.OAProactive,
		"reply_window", o.Cfg.OAReplyWindow)
	swept := make(chan struct{})
	go func() { defer close(swept); o.Sweep(ctx) }()
	t := time.NewTicker(tokenCheckEvery)
	defer t.Stop()
	for {
		// Failures are logged and alerted inside; the next tick retries.
		_, _ = o.tokens.get(ctx)
		select {
		case <-ctx.Done():
			<-swept
			o.Shutdown()
			return nil
		case <-t.C:
		}
	}
}

// InReplyWindow reports whether the OA may still answer user freely (they
// interacted within the reply window) and until when.
func (o *API) InReplyWindow(ctx context.Context, user string) (bool, time.Time, error) {
	return o.window.inside(ctx, user)
}

// WebhookHandler serves the OA's event POSTs: a missing or wrong
// X-ZEvent-Signature gets 401 and touches nothing; an event is answered
// 200 once spooled, well within the 2 s Zalo waits, and handled after
// (the display-name lookup included).
func (o *API) WebhookHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := core.ReadBody(w, r)
		if !ok {
			return
		}
		if !validSignature(o.Cfg.OAAppID, o.Cfg.OASecret, body, r.Header.Get(signatureHeader), r.Header.Get("X-ZEvent-Timestamp")) {
			// What it claims to be, to tell a wrong ZALO_OA_SECRET (every
			// event of our app refused) from traffic that is not Zalo's.
			ev, _ := decodeOAEvent(body)
			o.Log.Warn("zalo: OA event with a bad signature refused", "event", ev.EventName,
				"app_id_matches", string(ev.AppID) == o.Cfg.OAAppID)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		ev, err := decodeOAEvent(body)
		if err != nil {
			http.Error(w, "malformed event", http.StatusBadRequest)
			return
		}
		if user := ev.interactor(); user != "" {
			at, ok := ev.at()
			if now := o.Clock(); !ok || at.After(now) {
				at = now
			}
			if err := o.window.record(r.Context(), user, at); err != nil {
				o.Log.Warn("zalo: reply window not recorded", "err", err)
			}
		}
		o.Accept(w, r, body, oaUpdates(body))
	})
}

// oaUpdates is what an OA event body holds for the router; nil if none.
func oaUpdates(raw []byte) []chatmsg.Update {
	ev, err := decodeOAEvent(raw)
	if err != nil {
		return nil
	}
	if upd, ok := ev.toUpdate(); ok {
		return []chatmsg.Update{upd}
	}
	return nil
}
