package telegram

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"sync"
	"time"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
)

// Pending keeps the replies of a webhook update between Telegram's 200 and
// their sending, durably (the database's pending_replies), so that a
// process killed in between sends them when it is back.
type Pending interface {
	// Save stores the replies for chatID and returns their id.
	Save(ctx context.Context, chatID string, payload []byte) (uint, error)
	// Delete forgets replies once sent.
	Delete(ctx context.Context, ids []uint) error
	// Take removes and returns up to limit replies saved more than
	// olderThan ago (a negative age: all of them), none of except.
	Take(ctx context.Context, olderThan time.Duration, limit int, except []uint) ([][]byte, error)
}

// pendingSweep is how often replies left behind by a dead instance are
// looked for; a reply is left behind once it is older than finishTimeout,
// the longest its own sender may take.
const pendingSweep = time.Minute

// keep saves replies before the update is acknowledged and returns their
// id; ok is false when they could not be saved (they must then be sent
// before the acknowledgement, as without a store).
func (a *Adapter) keep(ctx context.Context, chatID string, replies []chatmsg.Message) (id uint, ok bool) {
	payload, err := json.Marshal(replies)
	if err == nil {
		id, err = a.pending.Save(ctx, chatID, payload)
	}
	if err != nil {
		a.log.Warn("telegram: replies not saved before the acknowledgement; sending them first", "err", err)
		return 0, false
	}
	a.own.add(id)
	return id, true
}

// forget deletes sent replies: through the batching loop while the
// webhook runs (one statement for the replies of many updates), else at
// once. A failure means they may be sent once more after a restart,
// which is better than never.
func (a *Adapter) forget(ctx context.Context, id uint) {
	a.own.remove(id)
	if a.forgetting.Load() {
		a.sent <- id
		return
	}
	a.deletePending(ctx, []uint{id})
}

func (a *Adapter) deletePending(ctx context.Context, ids []uint) {
	if err := a.pending.Delete(ctx, ids); err != nil {
		a.log.Warn("telegram: sent replies not cleared", "err", err)
	}
}

// forgetBatch is the most sent replies one delete clears, and
// forgetEvery how long the loop gathers them.
const (
	forgetBatch = 200
	forgetEvery = 20 * time.Millisecond
)

// forgetLoop deletes sent replies in batches until ctx ends and done is
// closed (once the updates in flight are finished), then clears the rest.
func (a *Adapter) forgetLoop(ctx context.Context, done <-chan struct{}) {
	tick := time.NewTicker(forgetEvery)
	defer tick.Stop()
	var ids []uint
	flush := func() {
		if len(ids) > 0 {
			a.deletePending(context.WithoutCancel(ctx), ids)
			ids = ids[:0]
		}
	}
	for {
		select {
		case id := <-a.sent:
			if ids = append(ids, id); len(ids) >= forgetBatch {
				flush()
			}
		case <-tick.C:
			flush()
		case <-done:
			for {
				select {
				case id := <-a.sent:
					ids = append(ids, id)
				default:
					flush()
					return
				}
			}
		}
	}
}

// sweepPending sends the replies a dead process left behind: at once
// those saved before started, when this process began taking updates
// (the process that died was most likely this one), then every
// pendingSweep those older than finishTimeout, until ctx ends. The first
// pass must not reach past started: a reply this process saves while it
// runs is its own, and taken between its insert and its sender's own.add
// it would be sent twice.
func (a *Adapter) sweepPending(ctx context.Context, started time.Time) {
	age := time.Since(started)
	for {
		a.resendPending(ctx, age)
		if channel.Sleep(ctx, pendingSweep) != nil {
			return
		}
		age = finishTimeout
	}
}

// resendPending sends every reply saved more than olderThan ago.
func (a *Adapter) resendPending(ctx context.Context, olderThan time.Duration) {
	out := channel.WithLane(ctx, channel.Interactive)
	for {
		batch, err := a.pending.Take(ctx, olderThan, 100, a.own.list())
		if err != nil {
			a.log.Warn("telegram: replies left behind not read", "err", err)
			return
		}
		for _, payload := range batch {
			var replies []chatmsg.Message
			if err := json.Unmarshal(payload, &replies); err != nil {
				a.log.Error("telegram: a saved reply is unreadable", "err", err)
				continue
			}
			a.log.Info("telegram: sending replies left behind", "messages", len(replies))
			for _, m := range replies {
				if err := a.Send(out, m); err != nil {
					a.log.Error("telegram: reply left behind not delivered", "chat_id", m.ChatID, "err", err)
				}
			}
		}
		if len(batch) < 100 {
			return
		}
	}
}

// ownReplies are the ids of the replies this process saved and has not
// sent yet: the sweep leaves them to the sender on its way, or a reply
// whose sending began before the sweep (at start, or a send waiting
// out a long retry_after) would be sent twice.
type ownReplies struct {
	mu  sync.Mutex
	ids map[uint]struct{}
}

func (o *ownReplies) add(id uint) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ids == nil {
		o.ids = map[uint]struct{}{}
	}
	o.ids[id] = struct{}{}
}

func (o *ownReplies) remove(id uint) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.ids, id)
}

func (o *ownReplies) list() []uint {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Collect(maps.Keys(o.ids))
}
