// Package zalotest gives tests fake Zalo servers on httptest: the Bot API
// (getMe, getUpdates with long-poll timeouts, setWebhook, sendMessage...)
// and the Official Account API (customer-service and transaction messages,
// uploads, OAuth refresh with single-use refresh tokens), with failure
// injection, a record of every call, what each chat received, and helpers
// that build and sign webhook events.
//
// Only tests and the benchmarks' fakes import it. Of the module it imports
// only bot/channel/fakerecord, the recorder it shares with the fake
// Telegram API: a fake speaks Zalo's wire format, not the adapter's types.
package zalotest
