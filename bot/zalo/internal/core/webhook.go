package core

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
)

// maxWebhookBody bounds a webhook request; real events are a few KiB.
const maxWebhookBody = 1 << 20

// ReadBody reads a POST body within maxWebhookBody, answering the request
// itself (405, 413, 400) when it cannot.
func ReadBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
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

// Accept answers a webhook event: 200 as soon as raw is in the spool,
// 500 (Zalo sends it again) only when it cannot be spooled; then it is
// handled from the spool. updates is what raw holds; with none, raw is
// answered 200 and not kept.
func (c *Core) Accept(w http.ResponseWriter, r *http.Request, raw []byte, updates []chatmsg.Update) {
	if len(updates) == 0 {
		w.WriteHeader(http.StatusOK)
		return
	}
	id, err := c.spool.put(r.Context(), raw)
	if err != nil {
		c.Log.Error("zalo: webhook event not accepted (spool unavailable); Zalo should send it again", "err", err)
		http.Error(w, "not accepted, retry later", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
	c.handleSpooled(id, updates)
}

// handleSpooled handles a spooled event's updates, each in its chat's
// order and retried until saved or the adapter stops, and removes the
// event from the spool once all are saved. An event already in hand in
// this process (a redelivery, a sweep) is left to that handling.
func (c *Core) handleSpooled(id string, updates []chatmsg.Update) {
	if len(updates) == 0 {
		// Nothing for the router (a sweep of an event this version skips).
		if err := c.spool.done(context.WithoutCancel(c.life), id); err != nil {
			c.Log.Warn("zalo: empty event not removed from the spool", "err", err)
		}
		return
	}
	if !c.take(id) {
		return
	}
	var mu sync.Mutex
	left, failed := len(updates), false
	finish := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		left, failed = left-1, failed || err != nil
		if left > 0 {
			return
		}
		c.release(id)
		if failed {
			c.Log.Warn("zalo: spooled event not handled yet; kept for the next sweep", "spool_id", id)
			return
		}
		if err := c.spool.done(context.WithoutCancel(c.life), id); err != nil {
			c.Log.Warn("zalo: handled event not removed from the spool; a sweep will see it as a duplicate", "err", err)
		}
	}
	for _, upd := range updates {
		c.Disp.Submit(upd.ChatID, func() {
			c.Process(c.life, c.Prepare(c.life, upd), true, finish)
		})
	}
}

// take marks id in hand in this process; false if it already was.
func (c *Core) take(id string) bool {
	c.handMu.Lock()
	defer c.handMu.Unlock()
	if c.inHand[id] {
		return false
	}
	c.inHand[id] = true
	return true
}

func (c *Core) release(id string) {
	c.handMu.Lock()
	defer c.handMu.Unlock()
	delete(c.inHand, id)
}

// Sweep handles, now and every spoolSweepEvery until ctx ends, the events
// left in the spool by an instance that stopped or failed to save them.
func (c *Core) Sweep(ctx context.Context) {
	for {
		ids, raws, lost, err := c.spool.stale(ctx)
		if err != nil && ctx.Err() == nil {
			c.Log.Warn("zalo: spool not swept", "err", err)
		}
		if lost > 0 {
			c.Log.Error("zalo: spooled events expired before they could be handled", "count", lost)
		}
		for i, id := range ids {
			c.Log.Info("zalo: handling an event left in the spool", "spool_id", id)
			c.handleSpooled(id, c.Decode(raws[i]))
		}
		if channel.Sleep(ctx, spoolSweepEvery) != nil {
			return
		}
	}
}
