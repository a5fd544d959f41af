package zalo_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"treembot/bot/chatmsg"
	"treembot/bot/zalo"
	"treembot/bot/zalo/zalotest"
	"treembot/internal/testkit"
)

// longText is a Vietnamese table of about 4,500 characters in lines.
func longText() string {
	var b strings.Builder
	for i := 0; b.Len() < 6000; i++ {
		b.WriteString("Thôn Xuân Lộc — trẻ dưới 5 tuổi được cân đo: 41; suy dinh dưỡng thể nhẹ cân: 3 😀\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func checkPieces(t *testing.T, pieces []string, want string) {
	t.Helper()
	if len(pieces) < 2 {
		t.Fatalf("%d messages for %d characters", len(pieces), utf8.RuneCountInString(want))
	}
	for i, p := range pieces {
		if n := utf8.RuneCountInString(p); n > zalo.MaxText {
			t.Errorf("message %d has %d characters", i+1, n)
		}
		if !norm.NFC.IsNormalString(p) || !utf8.ValidString(p) {
			t.Errorf("message %d is not valid NFC UTF-8", i+1)
		}
	}
	if got := strings.Join(pieces, "\n"); got != want {
		t.Error("the messages do not add up to the text, line for line")
	}
}

func TestLongTextIsSplitAt2000CharactersOnBothAPIs(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	text := longText()
	msg := chatmsg.Message{ChatID: "e4ea2cd5189df1c3a88c", Text: text, NumberedButtons: true,
		Buttons: [][]chatmsg.Button{{{Label: "Có", Data: "ans:x:1"}, {Label: "Không", Data: "ans:x:0"}}}}
	if err := w.adapter.Senders()[zalo.ChannelBot].Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	var pieces []string
	for _, s := range w.botSrv.Received(msg.ChatID) {
		pieces = append(pieces, s.Text)
	}
	checkPieces(t, pieces, text+"\n  1) Có\n  2) Không")

	const user = "u-long"
	w.openWindow(user)
	before := len(w.oaSrv.Received(user))
	msg.ChatID = user
	if err := w.adapter.Senders()[zalo.ChannelOA].Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	got := w.oaSrv.Received(user)[before:]
	pieces = pieces[:0]
	for i, s := range got {
		pieces = append(pieces, s.Text)
		if last := i == len(got)-1; last != (len(s.Buttons) == 2) {
			t.Errorf("message %d of %d has buttons %v: they belong under the last", i+1, len(got), s.Buttons)
		}
	}
	checkPieces(t, pieces, text)
}

// Vietnamese typed in decomposed form reaches the router composed, and
// the router's Vietnamese reaches Zalo byte for byte.
func TestVietnameseRoundTrip(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	const user = "u-viet"
	name := norm.NFD.String("/start Mã-sai-đây")
	body := zalotest.OAText(user, "m-1", name, w.clock())
	if got := zalotest.PostOA(w.hooks[zalo.DefaultOAWebhookPath], body, zalotest.Sign(body)); got.Code != 200 {
		t.Fatalf("webhook: %d", got.Code)
	}
	testkit.Eventually(t, patience, "the answer", func() bool { return len(w.oaSrv.Received(user)) > 0 })
	want := w.cat.T("vi", "bot_join_unknown")
	if got := w.oaSrv.Received(user)[0].Text; got != want {
		t.Errorf("received %q, want the catalogue's %q exactly", got, want)
	}
}

func TestFilesAreUploadedWhereZaloTakesThemAndExplainedElsewhere(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	const user = "u-files"
	w.openWindow(user)
	before := len(w.oaSrv.Received(user))
	chart := chatmsg.Message{ChatID: user, Text: "Biểu đồ", Photo: &chatmsg.File{Name: "chart.png", Bytes: []byte("\x89PNG...")}}
	sheet := chatmsg.Message{ChatID: user, Text: "Bảng tổng hợp", Document: &chatmsg.File{Name: "tong-hop.xlsx", Bytes: []byte("PK...")}}
	for _, m := range []chatmsg.Message{chart, sheet} {
		if err := w.adapter.Senders()[zalo.ChannelOA].Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	got := w.oaSrv.Received(user)[before:]
	if len(got) != 3 || got[1].Kind != "image" || !strings.Contains(got[2].Text, "“tong-hop.xlsx”") {
		t.Fatalf("received %+v: want the chart's text, the image, and the sheet's notice", got)
	}
	if len(w.oaSrv.Calls("/v2.0/oa/upload/image")) != 1 || len(w.oaSrv.Calls("/v2.0/oa/upload/file")) != 0 {
		t.Error("the photo must be uploaded and the xlsx not")
	}
	chart.ChatID = "bot-chat"
	if err := w.adapter.Senders()[zalo.ChannelBot].Send(context.Background(), chart); err != nil {
		t.Fatal(err)
	}
	if got := w.botSrv.Received("bot-chat"); len(got) != 1 || !strings.Contains(got[0].Text, "“chart.png”") {
		t.Errorf("the bot API received %+v, want the text with a notice", got)
	}
}

func TestBlockedBotAPIChatIsGone(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	w.botSrv.FailNext("sendMessage", zalotest.Failure{Code: 403, Description: "Forbidden: user blocked the bot"})
	err := w.adapter.Senders()[zalo.ChannelBot].Send(context.Background(), chatmsg.Message{ChatID: "c-1", Text: "Xin chào"})
	if !chatmsg.IsRecipientGone(err) {
		t.Fatalf("403: %v, want the recipient gone", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.gone) != 1 || w.gone[0] != "zalo:c-1" {
		t.Errorf("OnGone calls: %v", w.gone)
	}
}
