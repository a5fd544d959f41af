package telegram

import (
	"encoding/json"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/chatmsg"
)

func decodePayload(t *testing.T, name string) tgbotapi.Update {
	t.Helper()
	var u tgbotapi.Update
	if err := json.Unmarshal(readPayload(t, name), &u); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return u
}

func TestRecordedPayloadsBecomeRouterUpdates(t *testing.T) {
	lan := chatmsg.Update{Channel: "telegram", ChatID: "5123456789", UserID: "5123456789",
		UserName: "Lan Nguyễn Thị", LangCode: "vi"}
	with := func(u chatmsg.Update, f func(*chatmsg.Update)) chatmsg.Update { f(&u); return u }
	cases := map[string]chatmsg.Update{
		"text_message.json": with(lan, func(u *chatmsg.Update) {
			u.UpdateID, u.Kind, u.Text, u.MessageID = "512345601", chatmsg.KindMessage, "1.234", "1204"
		}),
		"start_command.json": with(lan, func(u *chatmsg.Update) {
			u.UpdateID, u.Kind, u.Text, u.MessageID = "512345600", chatmsg.KindMessage, "/start K7Q2M9PX", "1201"
		}),
		"edited_message.json": with(lan, func(u *chatmsg.Update) {
			u.UpdateID, u.Kind, u.Text, u.MessageID = "512345603", chatmsg.KindEdited, "1.243", "1204"
		}),
		"sticker.json": with(lan, func(u *chatmsg.Update) {
			u.UpdateID, u.Kind, u.Text, u.MessageID = "512345604", chatmsg.KindOther, "", "1209"
		}),
		"photo_caption.json": with(lan, func(u *chatmsg.Update) {
			u.UpdateID, u.Kind, u.Text, u.MessageID = "512345605", chatmsg.KindOther, "", "1210"
		}),
		"callback_query.json": with(lan, func(u *chatmsg.Update) {
			u.UpdateID, u.Kind, u.Text, u.MessageID = "512345602", chatmsg.KindCallback, "a:7:yes", "1206"
			u.CallbackID = "4382957309841237651"
		}),
		"group_command.json": {Channel: "telegram", UpdateID: "512345610", ChatID: "-1002345678901",
			UserID: "6234567890", UserName: "Hùng Trần Văn", LangCode: "en", Kind: chatmsg.KindMessage,
			Text: "/report 2025-H1", MessageID: "88", IsGroup: true},
	}
	for name, want := range cases {
		got, ok := toUpdate(decodePayload(t, name), "treem_test_bot")
		if !ok {
			t.Errorf("%s: not converted", name)
			continue
		}
		if got != want {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
		}
	}
}

func TestBlockedBotIsReportedAndNotRouted(t *testing.T) {
	u := decodePayload(t, "my_chat_member_kicked.json")
	if _, ok := toUpdate(u, "treem_test_bot"); ok {
		t.Error("a membership change was passed to the router")
	}
	chat, ok := blockedChat(u)
	if !ok || chat != "5123456789" {
		t.Errorf("blockedChat = %q, %v; want the user's chat", chat, ok)
	}
	if _, ok := blockedChat(decodePayload(t, "text_message.json")); ok {
		t.Error("a text message was taken for a block")
	}
}

func TestCommandAddressing(t *testing.T) {
	cases := map[string]string{
		"/report@treem_test_bot":         "/report",
		"/report@Treem_Test_Bot 2025-H1": "/report 2025-H1",
		"/start@treem_test_bot K7Q2M9PX": "/start K7Q2M9PX",
		"/report@other_bot":              "/report@other_bot",
		"/help":                          "/help",
		"email me at lan@example.org":    "email me at lan@example.org",
		"/join@treem_test_bot\nK7Q2M9PX": "/join\nK7Q2M9PX",
	}
	for in, want := range cases {
		if got := stripBotName(in, "treem_test_bot"); got != want {
			t.Errorf("stripBotName(%q) = %q, want %q", in, got, want)
		}
	}
}
