package zalo

import (
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"net/http"

	"treembot/bot/chatmsg"
)

// maxWebhookBody bounds a webhook request; real events are a few KiB.
const maxWebhookBody = 1 << 20

// botSecretHeader carries the secret_token given to setWebhook.
const botSecretHeader = "X-Bot-Api-Secret-Token"

// readBody reads a POST body within maxWebhookBody, answering the request
// itself (405, 413, 400) when it cannot.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
		return nil, false
	case err != nil:
		http.Error(w, "unreadable request", http.StatusBadRequest)
		return nil, false
	}
	return body, true
}

// answerAfterSave runs the updates in their chats' queues and answers 200
// once every one is saved, 500 (so Zalo sends the event again) otherwise.
// Replies are sent after the answer, still in the chat's order.
func (c *core) answerAfterSave(w http.ResponseWriter, r *http.Request, updates []chatmsg.Update) {
	ctx := context.WithoutCancel(r.Context())
	results := make(chan error, len(updates))
	for _, upd := range updates {
		c.disp.Submit(upd.ChatID, func() {
			c.process(ctx, upd, false, func(err error) { results <- err })
		})
	}
	var failed error
	for range updates {
		if err := <-results; err != nil {
			failed = err
		}
	}
	if failed != nil {
		http.Error(w, "update not handled, retry later", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// webhookHandler serves the Bot API's webhook POSTs: a request without the
// configured secret gets 401 and touches nothing.
func (b *botAPI) webhookHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get(botSecretHeader)
		if b.cfg.BotWebhookSecret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(b.cfg.BotWebhookSecret)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		events, err := decodeBotUpdates(body)
		if err != nil {
			http.Error(w, "malformed update", http.StatusBadRequest)
			return
		}
		var updates []chatmsg.Update
		for _, e := range events {
			if upd, ok := e.toUpdate(); ok {
				updates = append(updates, upd)
			}
		}
		b.answerAfterSave(w, r, updates)
	})
}
