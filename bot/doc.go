// Package bot is the channel-neutral router: it turns an Update from any
// channel (terminal, Telegram, Zalo) into stored effects and reply
// Messages. It owns identity (account → user), dedup of updates, one
// update at a time per chat, the command table, roles, the form
// conversation and its metrics; the middleware is in middleware.go.
//
// It may import bot/chatmsg, flows, reports, storage, storage/sessions and
// locales; no adapter imports it (internal/layout checks both).
package bot
