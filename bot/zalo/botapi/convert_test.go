package botapi

import (
	"testing"

	"treembot/bot/chatmsg"
	"treembot/bot/zalo/internal/decodetest"
)

func TestRecordedBotPayloadsBecomeRouterUpdates(t *testing.T) {
	cases := []struct {
		file string
		want chatmsg.Update
	}{
		{"bot_text.json", chatmsg.Update{Channel: ChannelName, UpdateID: "message.text.received:16f6366b3f02645a3d15",
			ChatID: "e4ea2cd5189df1c3a88c", UserID: "e4ea2cd5189df1c3a88c", UserName: "Nguyễn Thị Lan",
			Kind: chatmsg.KindMessage, Text: "Xin chào", MessageID: "16f6366b3f02645a3d15"}},
		{"bot_image.json", chatmsg.Update{Channel: ChannelName, UpdateID: "message.image.received:26f6366b3f02645a3d16",
			ChatID: "e4ea2cd5189df1c3a88c", UserID: "e4ea2cd5189df1c3a88c", UserName: "Nguyễn Thị Lan",
			Kind: chatmsg.KindOther, MessageID: "26f6366b3f02645a3d16"}},
		{"bot_sticker.json", chatmsg.Update{Channel: ChannelName, UpdateID: "message.sticker.received:36f6366b3f02645a3d17",
			ChatID: "e4ea2cd5189df1c3a88c", UserID: "e4ea2cd5189df1c3a88c", UserName: "Nguyễn Thị Lan",
			Kind: chatmsg.KindOther, MessageID: "36f6366b3f02645a3d17"}},
		{"bot_group_text.json", chatmsg.Update{Channel: ChannelName, UpdateID: "message.text.received:46f6366b3f02645a3d18",
			ChatID: "g-7a1b2c3d4e5f60718293", UserID: "a0b1c2d3e4f5a6b7c8d9", UserName: "Trần Văn Bình",
			Kind: chatmsg.KindMessage, Text: "/status", MessageID: "46f6366b3f02645a3d18", IsGroup: true}},
		{"bot_nfd_text.json", chatmsg.Update{Channel: ChannelName, UpdateID: "message.text.received:56f6366b3f02645a3d19",
			ChatID: "e4ea2cd5189df1c3a88c", UserID: "e4ea2cd5189df1c3a88c", UserName: "Nguyễn Thị Lan",
			Kind: chatmsg.KindMessage, Text: "Thiếu kinh phí tập huấn", MessageID: "56f6366b3f02645a3d19"}},
	}
	for _, c := range cases {
		updates, err := decodeBotUpdates(decodetest.Payload(t, c.file))
		if err != nil || len(updates) != 1 {
			t.Fatalf("%s: %d updates, %v", c.file, len(updates), err)
		}
		got, ok := updates[0].toUpdate()
		if !ok || got != c.want {
			t.Errorf("%s:\n got %+v\nwant %+v", c.file, got, c.want)
		}
	}
}
