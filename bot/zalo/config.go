package zalo

import (
	"treembot/bot/zalo/botapi"
	"treembot/bot/zalo/internal/core"
	"treembot/bot/zalo/oa"
)

// Config is the configuration of both Zalo channels (the ZALO_*
// variables); see its fields in bot/zalo/internal/core.
type Config = core.Config

// Deps are the adapter's collaborators: the router, the session store,
// the OA's token store and the callbacks for unreachable people and
// alerts.
type Deps = core.Deps

// SessionStore is the part of the session store the adapter uses
// (storage/sessions implements it).
type SessionStore = core.SessionStore

// TokenStore keeps the OA's token pair in the database; *storage.Store
// implements it.
type TokenStore = core.TokenStore

// Channel names, stored with identities and used in chatmsg.Update.Channel.
// The two APIs number people differently, so they are two channels.
const (
	ChannelBot = botapi.ChannelName // the Zalo Bot API
	ChannelOA  = oa.ChannelName     // the Zalo Official Account API
)

// Defaults and limits of the configuration.
const (
	DefaultBotAPIEndpoint = core.DefaultBotAPIEndpoint
	DefaultOAAPIEndpoint  = core.DefaultOAAPIEndpoint
	DefaultOAuthEndpoint  = core.DefaultOAuthEndpoint
	DefaultBotWebhookPath = core.DefaultBotWebhookPath
	DefaultOAWebhookPath  = core.DefaultOAWebhookPath
	FreeReplyWindow       = core.FreeReplyWindow
	MaxReplyWindow        = core.MaxReplyWindow
	MaxText               = core.MaxText
)

// ErrOutsideWindow is the cause of a send to an OA user outside the reply
// window when no proactive message may be sent; match it with errors.Is.
var ErrOutsideWindow = oa.ErrOutsideWindow

// ConfigFromEnv reads the ZALO_* variables through getenv, applies the
// defaults and validates the result. With neither ZALO_BOT_TOKEN nor
// ZALO_OA_APP_ID set it returns a disabled Config and no error.
func ConfigFromEnv(getenv func(string) string) (Config, error) { return core.ConfigFromEnv(getenv) }
