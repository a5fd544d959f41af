package botapi

import (
	"testing"

	"treembot/bot/zalo/internal/decodetest"
)

func FuzzDecodeBotUpdates(f *testing.F) {
	decodetest.SeedPayloads(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		updates, err := decodeBotUpdates(raw)
		if err != nil {
			return
		}
		for _, e := range updates {
			if u, ok := e.toUpdate(); ok {
				decodetest.CheckUpdate(t, u, ChannelName)
			}
		}
	})
}
