// Package decodetest holds what the Bot API's and the OA's decoder tests
// share: reading the recorded payloads in the test's testdata folder,
// seeding fuzz tests with them, and the properties every update a decoder
// lets through must have.
//
// Only tests import it; it may import bot/chatmsg.
package decodetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"treembot/bot/chatmsg"
	"treembot/internal/testkit"
)

// Payload reads testdata/name, a recorded payload.
func Payload(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// SeedPayloads adds every recorded payload in testdata, and a few odd
// shapes of either API's bodies, to f's corpus.
func SeedPayloads(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte(`{"ok":true,"result":[{"event_name":"message.text.received","message":{"chat":{"id":"c"},"from":{"id":"u"},"text":"1"}}]}`))
	f.Add([]byte(`{"ok":true,"result":null}`))
	f.Add([]byte(`{"timestamp":12,"sender":{"id":"u"},"event_name":"user_send_text","message":{"text":"#btn:"}}`))
	f.Add([]byte(`[]`))
}

// CheckUpdate fails t unless u, an update a decoder let through, is one
// the router can answer: on channel, with a chat, of a known kind, in NFC,
// its update id naming its message.
func CheckUpdate(t *testing.T, u chatmsg.Update, channel string) {
	t.Helper()
	if u.Channel != channel || u.ChatID == "" || u.UserID == "" {
		t.Fatalf("routed update without a chat: %+v", u)
	}
	if u.Kind != chatmsg.KindMessage && u.Kind != chatmsg.KindCallback && u.Kind != chatmsg.KindOther {
		t.Fatalf("kind %q", u.Kind)
	}
	if u.Kind == chatmsg.KindOther && u.Text != "" {
		t.Fatalf("unsupported message with text %q", u.Text)
	}
	for _, s := range []string{u.Text, u.UserName} {
		if utf8.ValidString(s) && !norm.NFC.IsNormalString(s) {
			t.Fatalf("not NFC: %q", s)
		}
	}
	if u.UpdateID != "" && !strings.HasSuffix(u.UpdateID, ":"+u.MessageID) {
		t.Fatalf("update id %q does not name message %q", u.UpdateID, u.MessageID)
	}
}
