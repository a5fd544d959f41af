package bot

import (
	"context"

	"treembot/bot/chatmsg"
	"treembot/storage"
)

// replyToKeep is the row that saves msgs with the turn's changes, when the
// channel asked for its replies to be saved (an outbox on ctx); nil
// otherwise, or when they cannot be encoded (the adapter then saves them
// itself).
func (r *Router) replyToKeep(ctx context.Context, req *request, msgs []Message) *storage.PendingReply {
	out := chatmsg.OutboxFrom(ctx)
	if out == nil || len(msgs) == 0 {
		return nil
	}
	payload, err := out.Encode(msgs)
	if err != nil {
		return nil
	}
	return &storage.PendingReply{Channel: req.Channel, ChatID: req.ChatID, Payload: payload}
}

// keptWithChanges tells the channel that msgs were saved, when the
// changes' transaction wrote reply.
func (r *Router) keptWithChanges(ctx context.Context, reply *storage.PendingReply, msgs []Message) {
	if reply != nil && reply.ID != 0 {
		chatmsg.OutboxFrom(ctx).Kept(reply.ID, msgs)
	}
}
