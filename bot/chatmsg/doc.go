// Package chatmsg is the vocabulary every channel shares: the inbound
// Update, the outbound Message with its Buttons and Files, the Handler an
// adapter calls and the Sender it offers, the typed SendError, the menu's
// commands, and the two reminder reports the router shows admins. It
// imports only the standard library, so that the adapters (bot/telegram,
// bot/zalo, bot/terminal), bot/channel and reminders depend on it instead
// of on the router.
//
// It imports only the standard library.
package chatmsg
