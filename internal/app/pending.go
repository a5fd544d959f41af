package app

import (
	"context"
	"time"

	"treembot/storage"
)

// PendingReplies keeps one channel's webhook replies in the database
// between the acknowledgement and the send (telegram.Pending).
type PendingReplies struct {
	Store   *storage.Store
	Channel string
}

// Save stores the replies for chatID and returns their id.
func (p PendingReplies) Save(ctx context.Context, chatID string, payload []byte) (uint, error) {
	return p.Store.SavePendingReply(ctx, p.Channel, chatID, payload)
}

// Delete forgets replies once sent.
func (p PendingReplies) Delete(ctx context.Context, ids []uint) error {
	return p.Store.DeletePendingReplies(ctx, ids)
}

// Take removes and returns up to limit replies saved more than olderThan
// ago, none of except.
func (p PendingReplies) Take(ctx context.Context, olderThan time.Duration, limit int, except []uint) ([][]byte, error) {
	rows, err := p.Store.TakePendingReplies(ctx, p.Channel, olderThan, limit, except...)
	out := make([][]byte, len(rows))
	for i, r := range rows {
		out[i] = r.Payload
	}
	return out, err
}
