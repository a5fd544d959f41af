package bot

import (
	"context"
	"time"

	"treembot/storage/sessions"
)

// sessionStore is the part of the session store an update's handling
// reads and writes under its chat's lock.
type sessionStore interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	Delete(ctx context.Context, key string) error
}

type turnKey struct{}

// withTurn returns ctx carrying the update's turn (withChatLock).
func withTurn(ctx context.Context, t *sessions.Turn) context.Context {
	return context.WithValue(ctx, turnKey{}, t)
}

// session is the session store as the update being handled sees it: its
// turn, whose reads were made with the chat lock and whose writes are
// applied with its release; the store itself outside a turn.
func (r *Router) session(ctx context.Context) sessionStore {
	if t, ok := ctx.Value(turnKey{}).(*sessions.Turn); ok {
		return t
	}
	return r.Sessions
}
