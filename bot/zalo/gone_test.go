package zalo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"treembot/bot/chatmsg"
	"treembot/bot/zalo"
	"treembot/bot/zalo/zalotest"
)

// A 403 whose description names no person may be the bot's own access
// refused: nobody is deactivated, and the admins are told.
func TestBare403MarksNobodyAndAlerts(t *testing.T) {
	t.Parallel()
	w := newBotWorld(t)
	w.botSrv.FailNext("sendMessage", zalotest.Failure{Code: 403, Description: "Forbidden"})
	err := w.adapter.Senders()[zalo.ChannelBot].Send(context.Background(), chatmsg.Message{ChatID: "c-1", Text: "Xin chào"})
	if err == nil || chatmsg.IsRecipientGone(err) || retryable(err) {
		t.Errorf("bare 403: %v, want a final error that is not 'gone'", err)
	}
	w.mu.Lock()
	gone := append([]string(nil), w.gone...)
	w.mu.Unlock()
	if len(gone) != 0 {
		t.Errorf("marked gone on a bare 403: %v", gone)
	}
	if notes := w.adminNotes(); len(notes) != 1 || !strings.Contains(notes[0], "quyền truy cập của bot") {
		t.Errorf("admins told %q, want the alert about the bot's access", notes)
	}
}

// However personal the refusals look, at most a handful of people a
// minute are marked unreachable; past that the admins are alerted once.
func TestNoMoreThanAHandfulAreMarkedGoneAMinute(t *testing.T) {
	t.Parallel()
	w := newBotWorld(t)
	const people = 9
	for i := 0; i < people; i++ {
		w.botSrv.FailNext("sendMessage", zalotest.Failure{Code: 403, Description: "Forbidden: user blocked the bot"})
	}
	goneErrs := 0
	for i := 0; i < people; i++ {
		err := w.adapter.Senders()[zalo.ChannelBot].Send(context.Background(), chatmsg.Message{ChatID: fmt.Sprint("c-", i), Text: "Nhắc việc"})
		if err == nil || retryable(err) {
			t.Fatalf("send %d: %v, want a final error", i, err)
		}
		if chatmsg.IsRecipientGone(err) {
			goneErrs++
		}
	}
	w.mu.Lock()
	gone := len(w.gone)
	w.mu.Unlock()
	if gone != 5 || goneErrs != 5 {
		t.Errorf("%d marked gone (%d errors say gone) out of %d refusals in a minute, want 5", gone, goneErrs, people)
	}
	if notes := w.adminNotes(); len(notes) != 1 || !strings.Contains(notes[0], "hơn 5 người") {
		t.Errorf("admins told %q, want one alert about the burst", notes)
	}
	if !strings.Contains(w.logs.String(), "too many people refused") {
		t.Error("the burst was not logged")
	}
}
