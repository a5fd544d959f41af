package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxWebhookBody bounds a webhook request; real updates are a few KiB.
const maxWebhookBody = 1 << 20

// secretHeader carries the secret_token given to setWebhook.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// WebhookHandler serves Telegram's webhook POSTs: a request without the
// configured secret gets 401 and touches nothing; an update is handled
// in its chat's order and answered 200 as soon as its effects are saved
// (and its replies, when Deps.Pending is set; without it, once they are
// sent), 500 otherwise so that Telegram sends it again. With
// no WebhookSecret configured every request is refused.
func (a *Adapter) WebhookHandler() http.Handler {
	return http.HandlerFunc(a.serveWebhookRequest)
}

func (a *Adapter) serveWebhookRequest(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	got := r.Header.Get(secretHeader)
	if a.cfg.WebhookSecret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(a.cfg.WebhookSecret)) != 1 {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
		return
	}
	var u tgbotapi.Update
	if err != nil || json.Unmarshal(body, &u) != nil {
		http.Error(w, "malformed update", http.StatusBadRequest)
		return
	}
	// 200 as soon as the effects (and the replies, see Pending) are saved;
	// the replies go out after it, still in the chat's order.
	done := make(chan error, 1)
	ctx := context.WithoutCancel(r.Context())
	a.disp.Submit(chatKey(u), func() {
		if err := a.process(ctx, u, false, func() { done <- nil }); err != nil {
			done <- err
		}
	})
	if err := <-done; err != nil {
		http.Error(w, "update not handled, retry later", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// runWebhook registers the webhook and, when HTTPAddr is set, serves it
// until ctx ends; in-flight requests are finished before it returns.
func (a *Adapter) runWebhook(ctx context.Context) error {
	params := tgbotapi.Params{"url": a.cfg.WebhookURL, "secret_token": a.cfg.WebhookSecret}
	if err := params.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return fmt.Errorf("telegram setWebhook: %w", err)
	}
	api := *a.api
	reqCtx, cancel := context.WithTimeout(ctx, requestTimeout)
	api.Client = ctxClient{ctx: reqCtx, base: a.http}
	// tgbotapi v5.5.1's WebhookConfig predates secret_token: call it raw.
	_, err := api.MakeRequest("setWebhook", params)
	cancel()
	if err != nil {
		return fmt.Errorf("telegram setWebhook: %w", maskToken(a.cfg.Token, err))
	}
	if a.pending != nil {
		go a.sweepPending(ctx, time.Now())
		done := make(chan struct{})
		defer func() { a.forgetting.Store(false); close(done) }()
		a.forgetting.Store(true)
		go a.forgetLoop(ctx, done)
	}
	if a.cfg.HTTPAddr == "" {
		<-ctx.Done()
		a.disp.Wait()
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle(a.cfg.WebhookPath, a.WebhookHandler())
	srv := &http.Server{Addr: a.cfg.HTTPAddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return fmt.Errorf("telegram webhook server: %w", err)
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), finishTimeout)
	defer cancel()
	if err := srv.Shutdown(stop); err != nil {
		return fmt.Errorf("telegram webhook shutdown: %w", err)
	}
	a.disp.Wait()
	return nil
}
