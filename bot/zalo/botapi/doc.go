// Package botapi is the Zalo Bot API channel ("zalo"), Telegram-like:
// getMe, getUpdates long polling or a webhook checked with
// X-Bot-Api-Secret-Token, and sendMessage (at most 2,000 characters:
// longer texts are split). It has no buttons, so choices are listed as
// numbered options and a typed number or label stands for the button, as
// in the terminal; it takes no files, so a file becomes a notice. A 403
// whose description names the person marks them unreachable; one that
// names nobody alerts the admins.
//
// It owns the Bot API's wire format (client.go, convert.go), its polling
// and webhook (api.go, webhook.go) and its text rendering (render.go).
// It may import bot/chatmsg, bot/channel, locales and bot/zalo/internal/core;
// bot/zalo builds it from the shared configuration.
package botapi
