// Package terminal is the chat channel for a shell: it reads lines from
// stdin (a person at a terminal or a piped script) and prints the bot's
// replies, showing buttons as numbered options.
//
// Like every adapter it may import bot/chatmsg, bot/channel and locales,
// never the router.
package terminal
