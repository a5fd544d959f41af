package telegram

import (
	"encoding/json"
	"strconv"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/chatmsg"
	"treembot/internal/testkit"
)

// FuzzDecodeUpdate: any JSON Telegram (or someone pretending to be it)
// sends is decoded without panicking; what reaches the router has a
// numeric chat to answer in, a known kind, its update id, no text for
// what is not text, and a callback id for a pressed button.
func FuzzDecodeUpdate(f *testing.F) {
	testkit.SeedTestdata(f)
	f.Add([]byte(`{"update_id":1,"callback_query":{"id":"q","data":"x","message":{"message_id":1,"chat":{"id":-5}}}}`))
	f.Add([]byte(`{"update_id":2,"message":{"message_id":1,"chat":{"id":7,"type":"private"},"text":"/report@other_bot"}}`))
	f.Add([]byte(`{"update_id":-1,"message":null,"edited_message":{"chat":{"id":1e3}}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var u tgbotapi.Update
		if json.Unmarshal(raw, &u) != nil {
			return
		}
		_, _ = blockedChat(u)
		_ = chatKey(u)
		upd, ok := toUpdate(u, "treem_test_bot")
		if !ok {
			return
		}
		if _, err := strconv.ParseInt(upd.ChatID, 10, 64); err != nil || upd.Channel != channelName {
			t.Fatalf("update without a chat: %+v", upd)
		}
		if upd.UpdateID != strconv.Itoa(u.UpdateID) {
			t.Fatalf("update id %q, want %d", upd.UpdateID, u.UpdateID)
		}
		switch upd.Kind {
		case chatmsg.KindMessage, chatmsg.KindEdited:
		case chatmsg.KindOther:
			if upd.Text != "" {
				t.Fatalf("a non-text message carries text %q", upd.Text)
			}
		case chatmsg.KindCallback:
			if upd.CallbackID != u.CallbackQuery.ID {
				t.Fatalf("callback id %q, want %q", upd.CallbackID, u.CallbackQuery.ID)
			}
		default:
			t.Fatalf("kind %q", upd.Kind)
		}
	})
}
