// Package fakerecord holds what every fake chat API server (the fake
// Telegram Bot API, the fake Zalo Bot API and the fake Zalo OA) records
// the same way: the calls it was asked in order, failures queued per
// method or path, and the messages each chat received, with a way to wait
// for them.
//
// It imports the standard library only. Its path does not end in "test"
// because the treembot binary links the fake Telegram API (for its
// benchmarks), and with it this package.
package fakerecord
