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

// reminder is what the reminders dispatcher sends.
func reminder(user string) chatmsg.Message {
	return chatmsg.Message{ChatID: user, Text: "Nhắc anh/chị: báo cáo kỳ 2025-H1 hạn ngày 15/05/2025.\nXin anh/chị gửi sớm ạ.",
		Buttons: [][]chatmsg.Button{{{Label: "📝 Nhập báo cáo", Data: "cmd:report"}}}}
}

func TestReminderOutsideTheReplyWindowIsReportedNotSent(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	const user = "u-window"
	w.openWindow(user)
	sender := w.adapter.Senders()[zalo.ChannelOA]
	if err := sender.Send(context.Background(), reminder(user)); err != nil {
		t.Fatalf("inside the window: %v", err)
	}
	sent := len(w.oaSrv.Received(user))
	w.advance(48*time.Hour + time.Minute)
	if in, _, _ := w.adapter.InReplyWindow(context.Background(), user); in {
		t.Fatal("still inside the window 48 h later")
	}
	err := sender.Send(context.Background(), reminder(user))
	var se *chatmsg.SendError
	if !errors.As(err, &se) || !errors.Is(err, zalo.ErrOutsideWindow) || se.Retryable() || se.Gone {
		t.Fatalf("outside the window: %v, want a final *chatmsg.SendError wrapping ErrOutsideWindow", err)
	}
	if !strings.Contains(err.Error(), "could not reach by Zalo") {
		t.Errorf("error text %q", err)
	}
	if got := len(w.oaSrv.Received(user)); got != sent {
		t.Errorf("%d messages reached Zalo outside the window", got-sent)
	}
	// Writing again reopens the window.
	w.openWindow(user)
	if err := sender.Send(context.Background(), reminder(user)); err != nil {
		t.Errorf("after writing again: %v", err)
	}
}

func TestProactiveReminderWithinTheMonthlyQuota(t *testing.T) {
	t.Parallel()
	w := newWorld(t, func(c *zalo.Config) {
		c.BotToken, c.OAProactive, c.OAProactiveQuota = "", true, 2
	})
	sender := w.adapter.Senders()[zalo.ChannelOA]
	for _, user := range []string{"u-a", "u-b"} {
		if err := sender.Send(context.Background(), reminder(user)); err != nil {
			t.Fatalf("proactive send to %s: %v", user, err)
		}
		got := w.oaSrv.Received(user)
		if len(got) != 1 || got[0].Kind != "transaction" || got[0].Path != "/v3.0/oa/message/transaction" {
			t.Fatalf("%s received %+v, want one transaction message", user, got)
		}
		if !strings.Contains(got[0].Text, "Nhắc việc báo cáo") || !strings.Contains(got[0].Text, "hạn ngày 15/05/2025.<br>Xin") {
			t.Errorf("transaction text %q", got[0].Text)
		}
		if len(got[0].Buttons) != 1 || got[0].Buttons[0] != "#btn:cmd:report" {
			t.Errorf("transaction buttons %v", got[0].Buttons)
		}
	}
	err := sender.Send(context.Background(), reminder("u-c"))
	if !errors.Is(err, zalo.ErrOutsideWindow) {
		t.Fatalf("third proactive message with a quota of 2: %v", err)
	}
	// A new month brings a new quota.
	w.advance(31 * 24 * time.Hour)
	if err := sender.Send(context.Background(), reminder("u-c")); err != nil {
		t.Errorf("next month: %v", err)
	}
}

func TestZaloRefusingOutsideItsWindowIsReportedLikeOurs(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	const user = "u-late"
	err := w.remindAfter(user, zalotest.OAFailure{Error: -230, Message: "User has not interacted with OA in past 7 days"})
	if !errors.Is(err, zalo.ErrOutsideWindow) || chatmsg.IsRecipientGone(err) {
		t.Errorf("Zalo's -230: %v", err)
	}
	w.oaSrv.FailNext("/v3.0/oa/message/cs", zalotest.OAFailure{Error: -227, Message: "User is banned or inactive"})
	if err := w.sendOA(user, "Nhắc việc"); !chatmsg.IsRecipientGone(err) {
		t.Errorf("Zalo's -227: %v, want the recipient gone", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.gone) != 1 || w.gone[0] != zalo.ChannelOA+":"+user {
		t.Errorf("OnGone calls: %v", w.gone)
	}
}

func TestRateLimitedSendIsRetried(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	const user = "u-busy"
	w.openWindow(user)
	before := len(w.oaSrv.Received(user))
	w.oaSrv.FailNext("/v3.0/oa/message/cs", zalotest.OAFailure{HTTPStatus: 502}, zalotest.OAFailure{Drop: true})
	if err := w.sendOA(user, "Nhắc việc"); err != nil {
		t.Fatalf("send after a 502 and a dropped connection: %v", err)
	}
	if got := len(w.oaSrv.Received(user)) - before; got != 1 {
		t.Errorf("delivered %d times, want once", got)
	}
}

// With the window set to Zalo's 7 days, a reminder six days after the
// person's last message goes out as a customer-service message (Zalo
// takes it, billed); after seven days it is reported, not sent.
func TestSevenDayReplyWindowFollowsZalo(t *testing.T) {
	t.Parallel()
	w := newWorld(t, func(c *zalo.Config) { c.BotToken, c.OAReplyWindow = "", zalo.MaxReplyWindow })
	const user = "u-week"
	w.openWindow(user)
	w.advance(6 * 24 * time.Hour)
	if err := w.adapter.Senders()[zalo.ChannelOA].Send(context.Background(), reminder(user)); err != nil {
		t.Fatalf("six days later: %v", err)
	}
	calls := len(w.oaSrv.Calls("/v3.0/oa/message/cs"))
	w.advance(24*time.Hour + time.Minute)
	if err := w.adapter.Senders()[zalo.ChannelOA].Send(context.Background(), reminder(user)); !errors.Is(err, zalo.ErrOutsideWindow) {
		t.Errorf("seven days later: %v, want ErrOutsideWindow", err)
	}
	if got := len(w.oaSrv.Calls("/v3.0/oa/message/cs")); got != calls {
		t.Errorf("%d calls to Zalo after the window closed", got-calls)
	}
}
