package zalo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"treembot/bot/chatmsg"
)

// seedPayloads adds every recorded payload whose name starts with prefix.
func seedPayloads(f *testing.F, prefix string) {
	files, err := filepath.Glob(filepath.Join("testdata", prefix+"*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no %s payloads: %v", prefix, err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"ok":true,"result":[{"event_name":"message.text.received","message":{"chat":{"id":"c"},"from":{"id":"u"},"text":"1"}}]}`))
	f.Add([]byte(`{"ok":true,"result":null}`))
	f.Add([]byte(`{"timestamp":12,"sender":{"id":"u"},"event_name":"user_send_text","message":{"text":"#btn:"}}`))
	f.Add([]byte(`[]`))
}

// checkUpdate holds for every update the decoders let through.
func checkUpdate(t *testing.T, u chatmsg.Update, channel string) {
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

func FuzzDecodeBotUpdates(f *testing.F) {
	seedPayloads(f, "bot_")
	f.Fuzz(func(t *testing.T, raw []byte) {
		updates, err := decodeBotUpdates(raw)
		if err != nil {
			return
		}
		for _, e := range updates {
			if u, ok := e.toUpdate(); ok {
				checkUpdate(t, u, ChannelBot)
			}
		}
	})
}

func FuzzDecodeOAEvent(f *testing.F) {
	seedPayloads(f, "oa_")
	f.Fuzz(func(t *testing.T, raw []byte) {
		_ = validSignature("app", "secret", raw, "mac=00", "")
		ev, err := decodeOAEvent(raw)
		if err != nil {
			return
		}
		if u, ok := ev.toUpdate(); ok {
			checkUpdate(t, u, ChannelOA)
			if u.Kind == chatmsg.KindCallback && strings.HasPrefix(u.Text, buttonPrefix) {
				t.Fatalf("button prefix left in %q", u.Text)
			}
		}
	})
}
