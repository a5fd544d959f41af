package zalo

import (
	"os"
	"path/filepath"
	"testing"

	"treembot/bot/chatmsg"
)

func readPayload(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRecordedBotPayloadsBecomeRouterUpdates(t *testing.T) {
	cases := []struct {
		file string
		want chatmsg.Update
	}{
		{"bot_text.json", chatmsg.Update{Channel: ChannelBot, UpdateID: "message.text.received:16f6366b3f02645a3d15",
			ChatID: "e4ea2cd5189df1c3a88c", UserID: "e4ea2cd5189df1c3a88c", UserName: "Nguyễn Thị Lan",
			Kind: chatmsg.KindMessage, Text: "Xin chào", MessageID: "16f6366b3f02645a3d15"}},
		{"bot_image.json", chatmsg.Update{Channel: ChannelBot, UpdateID: "message.image.received:26f6366b3f02645a3d16",
			ChatID: "e4ea2cd5189df1c3a88c", UserID: "e4ea2cd5189df1c3a88c", UserName: "Nguyễn Thị Lan",
			Kind: chatmsg.KindOther, MessageID: "26f6366b3f02645a3d16"}},
		{"bot_sticker.json", chatmsg.Update{Channel: ChannelBot, UpdateID: "message.sticker.received:36f6366b3f02645a3d17",
			ChatID: "e4ea2cd5189df1c3a88c", UserID: "e4ea2cd5189df1c3a88c", UserName: "Nguyễn Thị Lan",
			Kind: chatmsg.KindOther, MessageID: "36f6366b3f02645a3d17"}},
		{"bot_group_text.json", chatmsg.Update{Channel: ChannelBot, UpdateID: "message.text.received:46f6366b3f02645a3d18",
			ChatID: "g-7a1b2c3d4e5f60718293", UserID: "a0b1c2d3e4f5a6b7c8d9", UserName: "Trần Văn Bình",
			Kind: chatmsg.KindMessage, Text: "/status", MessageID: "46f6366b3f02645a3d18", IsGroup: true}},
		{"bot_nfd_text.json", chatmsg.Update{Channel: ChannelBot, UpdateID: "message.text.received:56f6366b3f02645a3d19",
			ChatID: "e4ea2cd5189df1c3a88c", UserID: "e4ea2cd5189df1c3a88c", UserName: "Nguyễn Thị Lan",
			Kind: chatmsg.KindMessage, Text: "Thiếu kinh phí tập huấn", MessageID: "56f6366b3f02645a3d19"}},
	}
	for _, c := range cases {
		updates, err := decodeBotUpdates(readPayload(t, c.file))
		if err != nil || len(updates) != 1 {
			t.Fatalf("%s: %d updates, %v", c.file, len(updates), err)
		}
		got, ok := updates[0].toUpdate()
		if !ok || got != c.want {
			t.Errorf("%s:\n got %+v\nwant %+v", c.file, got, c.want)
		}
	}
}

func TestRecordedOAEventsBecomeRouterUpdates(t *testing.T) {
	const user = "6142494823190863113"
	cases := []struct {
		file string
		want chatmsg.Update
		ok   bool
	}{
		{"oa_user_send_text.json", chatmsg.Update{Channel: ChannelOA, UpdateID: "user_send_text:cb31dff1c39642cc1b83",
			ChatID: user, UserID: user, Kind: chatmsg.KindMessage, Text: "Chào anh chị", MessageID: "cb31dff1c39642cc1b83"}, true},
		{"oa_user_send_image.json", chatmsg.Update{Channel: ChannelOA, UpdateID: "user_send_image:db31dff1c39642cc1b84",
			ChatID: user, UserID: user, Kind: chatmsg.KindOther, MessageID: "db31dff1c39642cc1b84"}, true},
		{"oa_button_press.json", chatmsg.Update{Channel: ChannelOA, UpdateID: "user_send_text:eb31dff1c39642cc1b85",
			ChatID: user, UserID: user, Kind: chatmsg.KindCallback, Text: "rev:confirm", MessageID: "eb31dff1c39642cc1b85"}, true},
		{"oa_click_button.json", chatmsg.Update{Channel: ChannelOA, UpdateID: "user_click_button:fb31dff1c39642cc1b86",
			ChatID: user, UserID: user, Kind: chatmsg.KindCallback, Text: "lang:en", MessageID: "fb31dff1c39642cc1b86"}, true},
		{"oa_follow.json", chatmsg.Update{}, false},
	}
	for _, c := range cases {
		ev, err := decodeOAEvent(readPayload(t, c.file))
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		got, ok := ev.toUpdate()
		if ok != c.ok || got != c.want {
			t.Errorf("%s:\n got %+v %v\nwant %+v %v", c.file, got, ok, c.want, c.ok)
		}
	}
}

func TestTimestampsAsStringsOrNumbers(t *testing.T) {
	for _, file := range []string{"oa_user_send_text.json", "oa_button_press.json"} {
		ev, err := decodeOAEvent(readPayload(t, file))
		if err != nil {
			t.Fatal(err)
		}
		if at, ok := ev.at(); !ok || at.UnixMilli() < 1746151200000 {
			t.Errorf("%s: timestamp %v %v", file, at, ok)
		}
	}
}

func TestEventSignature(t *testing.T) {
	body := readPayload(t, "oa_user_send_text.json")
	mac := eventMAC("2553928453557884079", body, "1746151200000", "secret")
	for _, header := range []string{"mac=" + mac, mac, "MAC=" + mac, " mac=" + mac + " "} {
		if !validSignature("2553928453557884079", "secret", body, header, "") {
			t.Errorf("%q refused", header)
		}
	}
	for name, c := range map[string]struct{ app, secret, header string }{
		"other app":    {"1", "secret", "mac=" + mac},
		"other secret": {"2553928453557884079", "secret2", "mac=" + mac},
		"no secret":    {"2553928453557884079", "", "mac=" + eventMAC("2553928453557884079", body, "1746151200000", "")},
		"empty":        {"2553928453557884079", "secret", ""},
	} {
		if validSignature(c.app, c.secret, body, c.header, "") {
			t.Errorf("%s: accepted", name)
		}
	}
}
