// Package channel holds what every chat channel adapter (Telegram, Zalo,
// the terminal) needs and none of them owns: per-chat ordered dispatch,
// send pacing windows, text splitting under a length limit, capped back-off,
// secret masking in errors, and buttons shown as numbered text options for
// channels that cannot draw them.
//
// It may import bot/chatmsg only.
package channel
