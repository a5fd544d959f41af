package zalo_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/zalo"
	"treembot/bot/zalo/zalotest"
)

// -213: the person no longer follows the OA. They are not reachable by
// Zalo for now (the officer's digest names them), but they are not
// deactivated: following again does not pass through the router.
func TestNotAFollowerIsNotReachableButNotGone(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	const user = "u-unfollowed"
	err := w.remindAfter(user, zalotest.OAFailure{Error: -213, Message: "User has not followed OA"})
	if !errors.Is(err, zalo.ErrOutsideWindow) || chatmsg.IsRecipientGone(err) || retryable(err) {
		t.Errorf("-213: %v, want a final ErrOutsideWindow, not gone", err)
	}
}

// -234: Zalo does not deliver at night. The send is worth trying again in
// the morning, so the reminder outbox keeps it; the sender itself does not
// sleep until then.
func TestNightBanIsRetriedInTheMorningNotNow(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	const user = "u-night"
	start := time.Now()
	err := w.remindAfter(user, zalotest.OAFailure{Error: -234, Message: "Can not send message at night"})
	var se *chatmsg.SendError
	if !errors.As(err, &se) || !se.Retryable() || se.RetryAfter <= 0 || se.Gone {
		t.Fatalf("-234: %v, want a retryable error with a wait", err)
	}
	morning := w.clock().Add(se.RetryAfter).In(time.FixedZone("ICT", 7*3600))
	if h := morning.Hour(); h < 6 || h > 8 {
		t.Errorf("retry at %v, want the morning in Vietnam", morning)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("the send waited %v instead of handing the retry back", took)
	}
	if n := len(w.oaSrv.Calls("/v3.0/oa/message/cs")); n != 2 {
		t.Errorf("%d customer-service calls (the sticker's answer and one try), want 2", n)
	}
}

// The transaction endpoint may have been replaced by template messages:
// Zalo's refusal (-240 or another) makes the person "not reachable by
// Zalo", so the officer's digest names them.
func TestRefusedProactiveMessageIsNotReachable(t *testing.T) {
	t.Parallel()
	w := newWorld(t, func(c *zalo.Config) { c.BotToken, c.OAProactive, c.OAProactiveQuota = "", true, 10 })
	sender := w.adapter.Senders()[zalo.ChannelOA]
	for _, f := range []zalotest.OAFailure{
		{Error: -240, Message: "Transaction API has been shut down"},
		{Error: -201, Message: "template_type is invalid"},
	} {
		w.oaSrv.FailNext("/v3.0/oa/message/transaction", f)
		err := sender.Send(context.Background(), reminder("u-far"))
		if !errors.Is(err, zalo.ErrOutsideWindow) || retryable(err) || chatmsg.IsRecipientGone(err) {
			t.Errorf("proactive refused with %d: %v, want a final ErrOutsideWindow", f.Error, err)
		}
	}
}

// Transaction buttons take at most 35 characters: a longer label is listed
// in the text rather than refused by Zalo.
func TestLongButtonTitleInAProactiveMessageIsListed(t *testing.T) {
	t.Parallel()
	w := newWorld(t, func(c *zalo.Config) { c.BotToken, c.OAProactive, c.OAProactiveQuota = "", true, 10 })
	msg := reminder("u-far")
	label := "📝 Nhập báo cáo kỳ 2025-H1 của thôn Xuân Lộc ngay"
	msg.Buttons = [][]chatmsg.Button{{{Label: label, Data: "cmd:report"}}}
	if err := w.adapter.Senders()[zalo.ChannelOA].Send(context.Background(), msg); err != nil {
		t.Fatalf("proactive message with a %d-character button: %v", len([]rune(label)), err)
	}
	got := w.oaSrv.Received("u-far")
	if len(got) != 1 || len(got[0].Buttons) != 0 || !strings.Contains(got[0].Text, label) {
		t.Errorf("received %+v, want the label listed in the text", got)
	}
}

func retryable(err error) bool {
	var se *chatmsg.SendError
	return errors.As(err, &se) && se.Retryable()
}

// Zalo allows 5,000 uploads a month: the same chart sent to many people
// is uploaded once, and a file too big for Zalo is not uploaded at all.
func TestUploadsAreCachedAndSizeChecked(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	chart := &chatmsg.File{Name: "chart.png", Bytes: []byte("\x89PNG...the same chart")}
	for _, user := range []string{"u-one", "u-two", "u-three"} {
		w.openWindow(user)
		if err := w.adapter.Senders()[zalo.ChannelOA].Send(context.Background(), chatmsg.Message{ChatID: user, Text: "Biểu đồ", Photo: chart}); err != nil {
			t.Fatal(err)
		}
		if got := w.oaSrv.Received(user); got[len(got)-1].Kind != "image" {
			t.Errorf("%s did not receive the image: %+v", user, got)
		}
	}
	if n := len(w.oaSrv.Calls("/v2.0/oa/upload/image")); n != 1 {
		t.Errorf("%d uploads of one chart for three people, want 1", n)
	}
	huge := &chatmsg.File{Name: "bao-cao.pdf", Bytes: make([]byte, 6<<20)}
	if err := w.adapter.Senders()[zalo.ChannelOA].Send(context.Background(), chatmsg.Message{ChatID: "u-one", Text: "Báo cáo", Document: huge}); err != nil {
		t.Fatal(err)
	}
	if n := len(w.oaSrv.Calls("/v2.0/oa/upload/file")); n != 0 {
		t.Errorf("a 6 MB file was uploaded (%d calls); Zalo takes at most 5 MB", n)
	}
	if got := w.oaSrv.Received("u-one"); !strings.Contains(got[len(got)-1].Text, "“bao-cao.pdf”") {
		t.Errorf("no notice for the file too big: %+v", got[len(got)-1])
	}
}
