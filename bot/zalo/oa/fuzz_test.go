package oa

import (
	"strings"
	"testing"

	"treembot/bot/chatmsg"
	"treembot/bot/zalo/internal/decodetest"
)

func FuzzDecodeOAEvent(f *testing.F) {
	decodetest.SeedPayloads(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		_ = validSignature("app", "secret", raw, "mac=00", "")
		ev, err := decodeOAEvent(raw)
		if err != nil {
			return
		}
		if u, ok := ev.toUpdate(); ok {
			decodetest.CheckUpdate(t, u, ChannelName)
			if u.Kind == chatmsg.KindCallback && strings.HasPrefix(u.Text, buttonPrefix) {
				t.Fatalf("button prefix left in %q", u.Text)
			}
		}
	})
}
