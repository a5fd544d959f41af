package telegramtest

import (
	"testing"

	"treembot/bot/telegram/fakeapi"
)

// The fake's types and constants, under the names tests know.
type (
	Server  = fakeapi.Server
	Call    = fakeapi.Call
	File    = fakeapi.File
	Failure = fakeapi.Failure
	Sent    = fakeapi.Sent
)

// Token is a well-formed bot token for tests; the server accepts any.
const Token = fakeapi.Token

// BotUserName is the fake bot's @username (getMe).
const BotUserName = fakeapi.BotUserName

// NewServer starts a fake Bot API, closed when the test ends.
func NewServer(t testing.TB) *Server {
	s := fakeapi.Start()
	t.Cleanup(s.Close)
	return s
}

// Updates a test sends, as Telegram would deliver them.
var (
	Person      = fakeapi.Person
	PrivateText = fakeapi.PrivateText
	GroupText   = fakeapi.GroupText
	ButtonPress = fakeapi.ButtonPress
)
