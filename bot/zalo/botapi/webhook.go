package botapi

import (
	"crypto/subtle"
	"net/http"

	"treembot/bot/chatmsg"
	"treembot/bot/zalo/internal/core"
)

// botSecretHeader carries the secret_token given to setWebhook.
const botSecretHeader = "X-Bot-Api-Secret-Token"

// WebhookHandler serves the Bot API's webhook POSTs: a request without the
// configured secret gets 401 and touches nothing.
func (b *API) WebhookHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get(botSecretHeader)
		if b.Cfg.BotWebhookSecret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(b.Cfg.BotWebhookSecret)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, ok := core.ReadBody(w, r)
		if !ok {
			return
		}
		if _, err := decodeBotUpdates(body); err != nil {
			http.Error(w, "malformed update", http.StatusBadRequest)
			return
		}
		b.Accept(w, r, body, b.Decode(body))
	})
}

// botUpdates is what a Bot API body holds for the router; nil if none.
func botUpdates(raw []byte) []chatmsg.Update {
	events, _ := decodeBotUpdates(raw) // checked when accepted
	var updates []chatmsg.Update
	for _, e := range events {
		if upd, ok := e.toUpdate(); ok {
			updates = append(updates, upd)
		}
	}
	return updates
}
