package core

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
	"treembot/locales"
)

// SessionStore is the part of the session store the adapter uses
// (storage/sessions implements it): remembered buttons and OA reply
// windows under keys with a TTL, and the budgets behind the send rate and
// the OA's monthly quota.
type SessionStore interface {
	// Get returns the bytes stored under key, or Deps.NotFound.
	Get(ctx context.Context, key string) ([]byte, error)
	// Set stores value under key for ttl.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Delete removes key; deleting an absent key is not an error.
	Delete(ctx context.Context, key string) error
	// Lock takes a lock shared by instances (the webhook spool's index).
	Lock(ctx context.Context, key string, ttl time.Duration) (unlock func(), err error)
	channel.Budget
}

// Deps are the adapter's collaborators.
type Deps struct {
	// Handler is the router; required.
	Handler chatmsg.Handler
	// Sessions keeps what is shared by instances and can be rebuilt: the
	// buttons last shown per chat, the OA reply windows, the proactive
	// quota and the send budget; required.
	Sessions SessionStore
	// NotFound is the error Sessions.Get returns for a missing key
	// (sessions.ErrNotFound); required with Sessions.
	NotFound error
	// Tokens stores the OA token pair (*storage.Store); required with the OA.
	Tokens TokenStore
	// Clock gives the time; nil means time.Now.
	Clock func() time.Time
	// Logger receives key/value logs (never message text or tokens); nil
	// means slog.Default().
	Logger *slog.Logger
	// Catalog renders the adapter's own few strings, in Lang (default
	// Vietnamese); nil loads the embedded catalogue.
	Catalog *locales.Catalog
	Lang    string
	// OnGone is called when Zalo's answer says an account can no longer
	// be reached (it blocked the bot, or is inactive), so its identity can
	// be marked inactive: channel is ChannelBot or ChannelOA. At most
	// maxGonePerMinute a minute per API; past that OnAlert is called.
	OnGone func(ctx context.Context, channel, chatID string)
	// OnReturn is called when a chat reported to OnGone writes again (it
	// was unblocked), so its identity can be marked active at once; the
	// router's own touch of the identity may wait for the next minute.
	OnReturn func(ctx context.Context, channel, chatID string)
	// OnAlert is called when the admins must be told something about Zalo
	// (at most hourly per message): messageID is a catalogue message of
	// locales/messages/zalo.*.yaml, data its values. The adapter also logs
	// it at error level; nil means the log alone.
	OnAlert func(ctx context.Context, messageID string, data map[string]any)
	// OnTokenAlert is called (at most hourly) when the OA access token
	// cannot be refreshed: without one nothing reaches Zalo OA users, so
	// admins must be told (the failure is also logged at error level).
	OnTokenAlert func(ctx context.Context, err error)
}

// TokenStore keeps the OA's token pair in the database; *storage.Store
// implements it (see storage/zalo_tokens.go for the guarantees).
type TokenStore interface {
	// SeedZaloRefreshToken stores the environment's refresh token when it
	// is new to the database.
	SeedZaloRefreshToken(ctx context.Context, appID, refreshToken string, now time.Time) (bool, error)
	// ZaloAccessToken returns the stored access token and its expiry.
	ZaloAccessToken(ctx context.Context, appID string) (string, time.Time, error)
	// RefreshZaloTokens runs exchange on the stored refresh token and
	// stores the new pair in one transaction holding the row, unless
	// another instance already replaced staleAccess with a token valid
	// after validAfter.
	RefreshZaloTokens(ctx context.Context, appID, staleAccess string, validAfter time.Time,
		exchange func(ctx context.Context, refreshToken string) (access, refresh string, expiresAt time.Time, err error),
	) (string, time.Time, error)
}

// WithDefaults checks the required collaborators (the token store only
// with the OA configured) and fills in the optional ones.
func (d Deps) WithDefaults(cfg Config) (Deps, error) {
	switch {
	case d.Handler == nil:
		return d, errors.New("zalo: a Handler is required")
	case d.Sessions == nil || d.NotFound == nil:
		return d, errors.New("zalo: a session store and its NotFound error are required")
	case cfg.OAEnabled() && d.Tokens == nil:
		return d, errors.New("zalo: a token store is required for the Official Account")
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Lang == "" {
		d.Lang = locales.VI
	}
	if d.Catalog == nil {
		c, err := locales.Load()
		if err != nil {
			return d, fmt.Errorf("zalo: %w", err)
		}
		d.Catalog = c
	}
	return d, nil
}
