package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/channel"
)

// allowedUpdates are the update types the bot asks Telegram for.
var allowedUpdates = []string{"message", "edited_message", "callback_query", "my_chat_member"}

// pollBatch is getUpdates' limit: at most this many updates are in flight.
const pollBatch = 100

// stallWait is how long the poller waits for an in-flight update to finish
// before asking Telegram again when the last batch brought nothing new.
const stallWait = time.Second

// tracker knows which fetched updates have not yet been handled, and so
// the offset that acknowledges exactly the handled prefix.
type tracker struct {
	mu      sync.Mutex
	pending map[int]bool // dispatched, not yet handled
	maxSeen int          // highest update id dispatched
	changed chan struct{}
}

func newTracker() *tracker {
	return &tracker{pending: map[int]bool{}, changed: make(chan struct{}, 1)}
}

// offset is the getUpdates offset: Telegram forgets every update below it,
// so it is the oldest update still pending, or one past the newest.
func (t *tracker) offset() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	off := t.maxSeen + 1
	if t.maxSeen == 0 {
		off = 0
	}
	for id := range t.pending {
		off = min(off, id)
	}
	return off
}

// fresh returns the updates not dispatched before and marks them pending.
// Telegram sends pending updates again until they are acknowledged.
func (t *tracker) fresh(updates []tgbotapi.Update) []tgbotapi.Update {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []tgbotapi.Update
	for _, u := range updates {
		if u.UpdateID > t.maxSeen {
			t.maxSeen = u.UpdateID
			t.pending[u.UpdateID] = true
			out = append(out, u)
		}
	}
	return out
}

// done records that update id was handled.
func (t *tracker) done(id int) {
	t.mu.Lock()
	delete(t.pending, id)
	t.mu.Unlock()
	select {
	case t.changed <- struct{}{}:
	default:
	}
}

func (t *tracker) busy() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.pending) > 0
}

// poll runs long polling until ctx ends, then waits for in-flight updates
// and acknowledges what was handled.
func (a *Adapter) poll(ctx context.Context) error {
	if _, err := a.request(ctx, tgbotapi.DeleteWebhookConfig{}, requestTimeout); err != nil {
		a.log.Warn("telegram: deleteWebhook failed", "err", maskToken(a.cfg.Token, err))
	}
	t := newTracker()
	var failures int
	for ctx.Err() == nil {
		updates, err := a.getUpdates(ctx, t.offset(), a.cfg.PollTimeout)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			if fatal(err) {
				a.disp.Wait()
				return fmt.Errorf("telegram getUpdates: %w", maskToken(a.cfg.Token, err))
			}
			a.log.Warn("telegram: getUpdates failed", "err", maskToken(a.cfg.Token, err))
			_ = channel.Sleep(ctx, channel.Backoff(a.cfg.RetryBase, failures))
			failures++
			continue
		}
		failures = 0
		a.dispatch(ctx, t, updates)
	}
	a.disp.Wait()
	a.acknowledge(t.offset())
	return nil
}

// dispatch hands the updates not seen before to their chats' queues; an
// update is marked done only once handled. With nothing new while updates
// are in flight it waits for progress: Telegram answers at once while
// anything is unacknowledged, and asking again at once would spin.
func (a *Adapter) dispatch(ctx context.Context, t *tracker, updates []tgbotapi.Update) {
	fresh := t.fresh(updates)
	for _, u := range fresh {
		a.disp.Submit(chatKey(u), func() {
			if a.process(ctx, u, true, nil) == nil {
				t.done(u.UpdateID)
			}
		})
	}
	if len(fresh) == 0 && t.busy() {
		select {
		case <-t.changed:
		case <-time.After(stallWait):
		case <-ctx.Done():
		}
	}
}

// getUpdates is one long poll. The raw result is decoded here rather than
// by tgbotapi so a malformed update cannot hide the rest of the batch.
func (a *Adapter) getUpdates(ctx context.Context, offset, timeout int) ([]tgbotapi.Update, error) {
	cfg := tgbotapi.UpdateConfig{Offset: offset, Limit: pollBatch, Timeout: timeout, AllowedUpdates: allowedUpdates}
	resp, err := a.request(ctx, cfg, time.Duration(timeout)*time.Second+requestTimeout)
	if err != nil {
		return nil, err
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(resp.Result, &raws); err != nil {
		return nil, fmt.Errorf("decode updates: %w", err)
	}
	updates := make([]tgbotapi.Update, 0, len(raws))
	for _, raw := range raws {
		var u tgbotapi.Update
		if err := json.Unmarshal(raw, &u); err != nil {
			// Kept with its id only: it will be acknowledged without being
			// handled, since no retry could ever decode it.
			u = tgbotapi.Update{}
			_ = json.Unmarshal(raw, &struct {
				ID *int `json:"update_id"`
			}{&u.UpdateID})
			a.log.Error("telegram: undecodable update skipped", "update_id", u.UpdateID, "err", err)
		}
		updates = append(updates, u)
	}
	return updates, nil
}

// acknowledge tells Telegram, on the way out, which updates were handled,
// so a restart does not fetch them again (they would be deduplicated, but
// need not be).
func (a *Adapter) acknowledge(offset int) {
	if offset == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cfg := tgbotapi.UpdateConfig{Offset: offset, Limit: 1, Timeout: 0, AllowedUpdates: allowedUpdates}
	if _, err := a.request(ctx, cfg, 5*time.Second); err != nil {
		a.log.Warn("telegram: final acknowledgement failed", "err", maskToken(a.cfg.Token, err))
	}
}

// fatal reports errors that retrying cannot fix: a revoked or wrong token.
func fatal(err error) bool {
	var apiErr *tgbotapi.Error
	return errors.As(err, &apiErr) && (apiErr.Code == http.StatusUnauthorized || apiErr.Code == http.StatusNotFound)
}

// chatKey is the ordering key of an update: its chat, so updates of one
// chat are handled one at a time and in order.
func chatKey(u tgbotapi.Update) string {
	if upd, ok := toUpdate(u, ""); ok {
		return upd.ChatID
	}
	return ""
}
