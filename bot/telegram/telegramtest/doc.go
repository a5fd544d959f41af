// Package telegramtest is the fake Telegram Bot API (package fakeapi)
// for tests: a server closed when the test ends, and the updates a test
// sends through it.
//
// It may import bot/telegram/fakeapi only; the binary never links it.
package telegramtest
