// Package core is what the Zalo Bot API and the Zalo Official Account
// channels share: the one ZALO_* configuration (Config, ConfigFromEnv) and
// the collaborators (Deps, SessionStore, TokenStore); Core, which each
// channel embeds, with the router call retried until saved, per-chat
// ordered dispatch, paced and retried sends, the buttons last shown per
// chat (so a typed number or label is a press), the webhook spool
// (accept, sweep), and the guard on marking people unreachable; and the
// small helpers both render with (MaxText, FileName).
//
// It may import bot/chatmsg, bot/channel and locales; the channels
// (bot/zalo/botapi, bot/zalo/oa) and the front (bot/zalo) import it,
// never the other way round.
package core
