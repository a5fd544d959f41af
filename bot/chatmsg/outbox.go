package chatmsg

import (
	"context"
	"reflect"
)

// Outbox lets a handler save an update's replies in the transaction that
// commits the update's effects, instead of the adapter saving them in one
// of its own after Handle returns: a webhook that answers 200 before
// sending must have both saved, and one commit is cheaper than two. The
// adapter puts one on the context it hands to Handle (WithOutbox); the
// handler, when it commits the turn, stores Encode(replies) with it and
// says so (Kept). An update handled by one goroutine uses its outbox from
// that goroutine only.
type Outbox struct {
	encode  func([]Message) ([]byte, error)
	id      uint
	kept    []Message
	settled bool
}

// NewOutbox returns an empty outbox whose replies are stored as encode
// makes them (the adapter's own encoding, which it reads back to resend).
func NewOutbox(encode func([]Message) ([]byte, error)) *Outbox {
	return &Outbox{encode: encode}
}

type outboxKey struct{}

// WithOutbox returns ctx carrying o.
func WithOutbox(ctx context.Context, o *Outbox) context.Context {
	return context.WithValue(ctx, outboxKey{}, o)
}

// OutboxFrom returns the outbox on ctx, nil when the adapter gave none
// (then the handler saves no replies).
func OutboxFrom(ctx context.Context) *Outbox {
	o, _ := ctx.Value(outboxKey{}).(*Outbox)
	return o
}

// Encode is the payload to store for replies.
func (o *Outbox) Encode(replies []Message) ([]byte, error) { return o.encode(replies) }

// Kept records that replies were stored, under id, with the update's
// effects (and are now committed).
func (o *Outbox) Kept(id uint, replies []Message) { o.id, o.kept = id, replies }

// Saved returns the id of the stored replies when they are exactly
// replies, what Handle returned; ok is false when none were stored or
// they differ (a later step changed the answer): the adapter then saves
// its own and forgets Stale.
func (o *Outbox) Saved(replies []Message) (id uint, ok bool) {
	if o == nil || o.id == 0 || !reflect.DeepEqual(o.kept, replies) {
		return 0, false
	}
	o.settled = true
	return o.id, true
}

// Stale returns the id of stored replies that will not be sent as they
// are (Handle failed, or returned other replies), 0 when there are none:
// the adapter deletes them, or a restart would send them.
func (o *Outbox) Stale() uint {
	if o == nil || o.settled {
		return 0
	}
	return o.id
}
