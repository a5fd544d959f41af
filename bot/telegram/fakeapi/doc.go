// Package fakeapi is a fake Telegram Bot API on a local port for the
// benchmarks and, through telegramtest, the tests: it speaks the methods treembot uses, records every call
// with its time, serves queued updates to getUpdates with Telegram's
// offset semantics, injects failures (429 with retry_after, 5xx, 403 for a
// chat, dropped connections) and keeps what each chat received.
//
// Of the module it imports only bot/channel/fakerecord, the recorder it
// shares with the fake Zalo servers.
package fakeapi
