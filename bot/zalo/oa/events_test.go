package oa

import (
	"testing"

	"treembot/bot/chatmsg"
	"treembot/bot/zalo/internal/decodetest"
)

func TestRecordedOAEventsBecomeRouterUpdates(t *testing.T) {
	const user = "6142494823190863113"
	cases := []struct {
		file string
		want chatmsg.Update
		ok   bool
	}{
		{"oa_user_send_text.json", chatmsg.Update{Channel: ChannelName, UpdateID: "user_send_text:cb31dff1c39642cc1b83",
			ChatID: user, UserID: user, Kind: chatmsg.KindMessage, Text: "Chào anh chị", MessageID: "cb31dff1c39642cc1b83"}, true},
		{"oa_user_send_image.json", chatmsg.Update{Channel: ChannelName, UpdateID: "user_send_image:db31dff1c39642cc1b84",
			ChatID: user, UserID: user, Kind: chatmsg.KindOther, MessageID: "db31dff1c39642cc1b84"}, true},
		{"oa_button_press.json", chatmsg.Update{Channel: ChannelName, UpdateID: "user_send_text:eb31dff1c39642cc1b85",
			ChatID: user, UserID: user, Kind: chatmsg.KindCallback, Text: "rev:confirm", MessageID: "eb31dff1c39642cc1b85"}, true},
		{"oa_click_button.json", chatmsg.Update{Channel: ChannelName, UpdateID: "user_click_button:fb31dff1c39642cc1b86",
			ChatID: user, UserID: user, Kind: chatmsg.KindCallback, Text: "lang:en", MessageID: "fb31dff1c39642cc1b86"}, true},
		{"oa_follow.json", chatmsg.Update{}, false},
	}
	for _, c := range cases {
		ev, err := decodeOAEvent(decodetest.Payload(t, c.file))
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
		ev, err := decodeOAEvent(decodetest.Payload(t, file))
		if err != nil {
			t.Fatal(err)
		}
		if at, ok := ev.at(); !ok || at.UnixMilli() < 1746151200000 {
			t.Errorf("%s: timestamp %v %v", file, at, ok)
		}
	}
}

func TestEventSignature(t *testing.T) {
	body := decodetest.Payload(t, "oa_user_send_text.json")
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
