package zalo

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"treembot/bot/chatmsg"
)

// tokenCheckEvery is how often the OA token's expiry is looked at.
const tokenCheckEvery = time.Minute

// oaAPI is the Zalo Official Account side of the adapter.
type oaAPI struct {
	*core
	http   *http.Client
	tokens *tokens
	window *replyWindow
	quota  *proactiveQuota
}

// newOA stores the environment's refresh token when it is new to the
// database; tokens are refreshed by run and on demand.
func newOA(cfg Config, deps Deps) (*oaAPI, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = max(cfg.Rate, cfg.Workers)
	client := &http.Client{Transport: transport}
	o := &oaAPI{core: newCore(ChannelOA, cfg, deps), http: client}
	o.deliver, o.decode, o.prepare = o.deliverMessage, oaUpdates, o.withName
	o.tokens = &tokens{cfg: cfg, store: deps.Tokens, http: client, clock: deps.Clock, log: o.log, onFail: deps.OnTokenAlert}
	o.window = &replyWindow{sess: deps.Sessions, missing: deps.NotFound, length: cfg.OAReplyWindow, clock: deps.Clock}
	o.quota = &proactiveQuota{sess: deps.Sessions, appID: cfg.OAAppID, limit: max(cfg.OAProactiveQuota, 1), clock: deps.Clock}
	if cfg.OARefreshToken != "" {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		stored, err := deps.Tokens.SeedZaloRefreshToken(ctx, cfg.OAAppID, cfg.OARefreshToken, deps.Clock())
		if err != nil {
			return nil, fmt.Errorf("zalo OA: %w", err)
		}
		if stored {
			o.log.Info("zalo: OA refresh token taken from ZALO_OA_REFRESH_TOKEN")
		}
	}
	return o, nil
}

// run keeps the access token fresh and sweeps the spool until ctx ends;
// events arrive through webhookHandler.
func (o *oaAPI) run(ctx context.Context) error {
	o.log.Info("zalo: Official Account webhook", "path", o.cfg.OAWebhookPath, "proactive", o.cfg.OAProactive,
		"reply_window", o.cfg.OAReplyWindow)
	swept := make(chan struct{})
	go func() { defer close(swept); o.sweep(ctx) }()
	t := time.NewTicker(tokenCheckEvery)
	defer t.Stop()
	for {
		// Failures are logged and alerted inside; the next tick retries.
		_, _ = o.tokens.get(ctx)
		select {
		case <-ctx.Done():
			<-swept
			o.shutdown()
			return nil
		case <-t.C:
		}
	}
}

// webhookHandler serves the OA's event POSTs: a missing or wrong
// X-ZEvent-Signature gets 401 and touches nothing; an event is answered
// 200 once spooled, well within the 2 s Zalo waits, and handled after
// (the display-name lookup included).
func (o *oaAPI) webhookHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		if !validSignature(o.cfg.OAAppID, o.cfg.OASecret, body, r.Header.Get(signatureHeader), r.Header.Get("X-ZEvent-Timestamp")) {
			// What it claims to be, to tell a wrong ZALO_OA_SECRET (every
			// event of our app refused) from traffic that is not Zalo's.
			ev, _ := decodeOAEvent(body)
			o.log.Warn("zalo: OA event with a bad signature refused", "event", ev.EventName,
				"app_id_matches", string(ev.AppID) == o.cfg.OAAppID)
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
			if now := o.clock(); !ok || at.After(now) {
				at = now
			}
			if err := o.window.record(r.Context(), user, at); err != nil {
				o.log.Warn("zalo: reply window not recorded", "err", err)
			}
		}
		o.accept(w, r, body, oaUpdates(body))
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
