package telegram

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"treembot/bot/channel"
	"treembot/bot/chatmsg"
	"treembot/bot/telegram/telegramtest"
)

const lanChat = 5123456789

func TestSendEscapesHTMLAndMarksParseMode(t *testing.T) {
	srv := telegramtest.NewServer(t)
	a := newAdapter(t, testConfig(srv), Deps{Handler: newRecorder()})
	if err := a.Send(context.Background(), chatmsg.Message{ChatID: "5123456789", Text: `Xã <b>Tân & Lập</b> "A"`}); err != nil {
		t.Fatal(err)
	}
	got := srv.Received(lanChat)
	if len(got) != 1 {
		t.Fatalf("received %d messages, want 1", len(got))
	}
	want := "Xã &lt;b&gt;Tân &amp; Lập&lt;/b&gt; &#34;A&#34;"
	if got[0].Text != want || got[0].ParseMode != "HTML" {
		t.Errorf("sent %q (parse_mode %q), want %q as HTML", got[0].Text, got[0].ParseMode, want)
	}
}

func TestPreTextIsEscapedInsidePre(t *testing.T) {
	srv := telegramtest.NewServer(t)
	a := newAdapter(t, testConfig(srv), Deps{Handler: newRecorder()})
	if err := a.Send(context.Background(), chatmsg.Message{ChatID: "5123456789", Text: "a<b\n1 | 2", Pre: true}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Received(lanChat)[0].Text; got != "<pre>a&lt;b\n1 | 2</pre>" {
		t.Errorf("sent %q", got)
	}
}

func TestLongTextIsSplitAtLinesWithKeyboardOnLast(t *testing.T) {
	srv := telegramtest.NewServer(t)
	a := newAdapter(t, testConfig(srv), Deps{Handler: newRecorder()})
	line := strings.Repeat("x", 89) + "\n" // 90 characters with its newline
	text := strings.Repeat(line, 100)      // 9,000 characters
	msg := chatmsg.Message{ChatID: "5123456789", Text: text, Buttons: [][]chatmsg.Button{{{Label: "OK", Data: "ok"}}}}
	if err := a.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	got := srv.Received(lanChat)
	if len(got) != 3 {
		t.Fatalf("9,000 characters sent as %d messages, want 3", len(got))
	}
	var joined []string
	for i, m := range got {
		if n := channel.UTF16Len(m.Text); n > 4096 {
			t.Errorf("message %d is %d units long", i, n)
		}
		if !strings.HasSuffix(m.Text, "x") {
			t.Errorf("message %d was not cut at a line end", i)
		}
		if hasKB := len(m.Keyboard) > 0; hasKB != (i == len(got)-1) {
			t.Errorf("message %d keyboard = %v, want it only on the last", i, m.Keyboard)
		}
		joined = append(joined, m.Text)
	}
	if strings.Join(joined, "\n") != strings.TrimSuffix(text, "\n") {
		t.Error("the split lost or changed text")
	}
}

func TestSplitCountsEscapesAndEmojiAndNeverCutsAnEntity(t *testing.T) {
	// One long line of "&" escapes to "&amp;" (5 units) and of emoji
	// takes 2 units each: both must be cut by their escaped UTF-16 length.
	for _, unit := range []string{"&", "😀", "ạ"} {
		text := strings.Repeat(unit, 5000)
		parts := splitText(text, maxTextUnits)
		var total string
		for _, p := range parts {
			if n := escapedLen(p); n > maxTextUnits {
				t.Errorf("%q: a part is %d escaped units", unit, n)
			}
			total += p
		}
		if total != text {
			t.Errorf("%q: parts do not add up to the text", unit)
		}
	}
}

func TestLongCallbackDataIsRefused(t *testing.T) {
	srv := telegramtest.NewServer(t)
	a := newAdapter(t, testConfig(srv), Deps{Handler: newRecorder()})
	msg := chatmsg.Message{ChatID: "5123456789", Text: "Chọn", Buttons: [][]chatmsg.Button{{{Label: "A", Data: strings.Repeat("d", 65)}}}}
	err := a.Send(context.Background(), msg)
	var se *chatmsg.SendError
	if !errors.As(err, &se) || se.Retryable() {
		t.Fatalf("err = %v, want a non-retryable SendError", err)
	}
	if len(srv.Calls("sendMessage")) != 0 {
		t.Error("a message with bad button data was sent anyway")
	}
}

func TestPhotoAndDocumentAreUploadedWithTheirBytes(t *testing.T) {
	srv := telegramtest.NewServer(t)
	a := newAdapter(t, testConfig(srv), Deps{Handler: newRecorder()})
	png := []byte("\x89PNG\r\n\x1a\nchart-bytes")
	xlsx := []byte("PK\x03\x04excel-bytes\x00\xff")
	msg := chatmsg.Message{ChatID: "5123456789", Text: "Báo cáo",
		Photo: &chatmsg.File{Name: "chart.png", Bytes: png}, Document: &chatmsg.File{Name: "bao-cao.xlsx", Bytes: xlsx},
		Buttons: [][]chatmsg.Button{{{Label: "Xong", Data: "done"}}}}
	if err := a.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	got := srv.Received(lanChat)
	if len(got) != 3 || got[0].Method != "sendMessage" || got[1].Method != "sendPhoto" || got[2].Method != "sendDocument" {
		t.Fatalf("received %+v, want text, photo, document", got)
	}
	if f := got[1].File; f == nil || f.Name != "chart.png" || !bytes.Equal(f.Bytes, png) {
		t.Errorf("photo = %+v", f)
	}
	if f := got[2].File; f == nil || f.Name != "bao-cao.xlsx" || !bytes.Equal(f.Bytes, xlsx) {
		t.Errorf("document = %+v", f)
	}
	if len(got[2].Keyboard) != 1 || len(got[0].Keyboard) != 0 {
		t.Error("the keyboard should be on the last part only")
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, deps := inProcess(newRecorder())
		a := newAdapter(t, testConfig(srv), deps)
		srv.FailNext("sendMessage", telegramtest.Failure{Code: 429, RetryAfter: 1})
		if err := a.Send(context.Background(), chatmsg.Message{ChatID: "5123456789", Text: "Nhắc nhở"}); err != nil {
			t.Fatal(err)
		}
		calls := srv.Calls("sendMessage")
		if len(calls) != 2 {
			t.Fatalf("%d sendMessage calls, want 2", len(calls))
		}
		if gap := calls[1].Time.Sub(calls[0].Time); gap != time.Second {
			t.Errorf("retried %v after a 429 with retry_after=1, want exactly 1s", gap)
		}
		if len(srv.Received(lanChat)) != 1 {
			t.Error("message not delivered after the 429")
		}
	})
}

func TestServerErrorsAreRetriedAndDeliveredOnce(t *testing.T) {
	srv := telegramtest.NewServer(t)
	a := newAdapter(t, testConfig(srv), Deps{Handler: newRecorder()})
	srv.FailNext("sendMessage", telegramtest.Failure{Code: 500}, telegramtest.Failure{Code: 502}, telegramtest.Failure{Drop: true})
	if err := a.Send(context.Background(), chatmsg.Message{ChatID: "5123456789", Text: "Xin chào"}); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Calls("sendMessage")); n != 4 {
		t.Errorf("%d attempts, want 4 (three failures, one success)", n)
	}
	if got := srv.Received(lanChat); len(got) != 1 {
		t.Errorf("delivered %d times, want once", len(got))
	}
}

func TestRetriesGiveUpAfterMaxRetries(t *testing.T) {
	srv := telegramtest.NewServer(t)
	cfg := testConfig(srv)
	cfg.MaxRetries = 2
	a := newAdapter(t, cfg, Deps{Handler: newRecorder()})
	srv.FailChat(lanChat, telegramtest.Failure{Code: 500})
	err := a.Send(context.Background(), chatmsg.Message{ChatID: "5123456789", Text: "Xin chào"})
	var se *chatmsg.SendError
	if !errors.As(err, &se) || !se.Retryable() || se.Status != 500 {
		t.Fatalf("err = %v, want a retryable SendError with status 500", err)
	}
	if n := len(srv.Calls("sendMessage")); n != 3 {
		t.Errorf("%d attempts, want 1 + 2 retries", n)
	}
}

func TestBadRequestIsNotRetried(t *testing.T) {
	srv := telegramtest.NewServer(t)
	a := newAdapter(t, testConfig(srv), Deps{Handler: newRecorder()})
	srv.FailNext("sendMessage", telegramtest.Failure{Code: 400})
	err := a.Send(context.Background(), chatmsg.Message{ChatID: "5123456789", Text: "Xin chào"})
	var se *chatmsg.SendError
	if !errors.As(err, &se) || se.Retryable() || se.Gone || se.Status != 400 {
		t.Fatalf("err = %#v, want a final 400", err)
	}
	if n := len(srv.Calls("sendMessage")); n != 1 {
		t.Errorf("%d attempts, want 1", n)
	}
}

func TestBlockedUserIsGone(t *testing.T) {
	srv := telegramtest.NewServer(t)
	var mu sync.Mutex
	var gone []string
	onGone := func(_ context.Context, chatID string) {
		mu.Lock()
		defer mu.Unlock()
		gone = append(gone, chatID)
	}
	a := newAdapter(t, testConfig(srv), Deps{Handler: newRecorder(), OnGone: onGone})
	srv.FailChat(lanChat, telegramtest.Failure{Code: 403})
	err := a.Send(context.Background(), chatmsg.Message{ChatID: "5123456789", Text: "Nhắc nhở"})
	var se *chatmsg.SendError
	if !errors.As(err, &se) || !se.Gone || se.Retryable() || !chatmsg.IsRecipientGone(err) {
		t.Fatalf("err = %v, want a SendError with Gone", err)
	}
	if n := len(srv.Calls("sendMessage")); n != 1 {
		t.Errorf("%d attempts, want 1 (no retry on 403)", n)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(gone) != 1 || gone[0] != "5123456789" {
		t.Errorf("OnGone calls = %v, want [5123456789]", gone)
	}
}

func TestTokenNeverInErrors(t *testing.T) {
	srv := telegramtest.NewServer(t)
	cfg := testConfig(srv)
	cfg.MaxRetries = 1
	a := newAdapter(t, cfg, Deps{Handler: newRecorder()})
	srv.Close() // every call now fails with a *url.Error holding the URL
	err := a.Send(context.Background(), chatmsg.Message{ChatID: "5123456789", Text: "Xin chào"})
	if err == nil {
		t.Fatal("send to a closed server succeeded")
	}
	if strings.Contains(err.Error(), telegramtest.Token) || !strings.Contains(err.Error(), "***") {
		t.Errorf("error text %q must show *** instead of the token", err)
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), telegramtest.Token) {
			t.Errorf("a wrapped error exposes the token: %q", e)
		}
	}
	_, err = New(cfg, Deps{Handler: newRecorder()})
	if err == nil || strings.Contains(err.Error(), telegramtest.Token) {
		t.Errorf("New against a closed server: %v", err)
	}
}
