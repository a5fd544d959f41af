// Package bot is the channel-neutral router: it turns an Update from any
// channel (terminal, Telegram, Zalo) into stored effects and reply
// Messages. It owns identity (account → user), dedup of updates, one
// update at a time per chat, the command table, roles, the form
// conversation and its metrics; the middleware is in middleware.go.
//
// Where things are: router.go (Handle, the middleware chain, pressed
// buttons), conversation.go (the form conversation: state, answers saved
// before the reply, submission), cmd_report.go (/report: which report and
// period, reopening a sent one), reporting_chain.go (which form a person
// fills in for which unit, the commune report prefilled from the
// villages'), cmd_summary.go (the officials' /summary, /overdue, /export
// and /chart), commands.go (the command table, /start, /help, /cancel,
// /lang), cmd_*.go for the other commands, join.go
// (a stranger joining with an invite).
//
// It may import bot/chatmsg, document, flows, reports, storage,
// storage/sessions and locales; no adapter imports it (internal/layout
// checks both).
package bot
