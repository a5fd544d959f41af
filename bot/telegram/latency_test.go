package telegram

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/telegram/fakeapi"
)

// reportQuestions is the length of a village report (33 questions), with
// the review and the receipt after it.
const reportQuestions = 33

// scriptedReport answers like the router during a report: each answer
// brings the next question (every third one with buttons), then the
// review with its confirm button, then the receipt.
func scriptedReport() chatmsg.Handler {
	turn := map[string]int{}
	return chatmsg.HandlerFunc(func(_ context.Context, upd chatmsg.Update) ([]chatmsg.Message, error) {
		n := turn[upd.ChatID] + 1
		turn[upd.ChatID] = n
		m := chatmsg.Message{ChatID: upd.ChatID, Text: fmt.Sprintf("Câu %d/%d: bao nhiêu trẻ em?", n, reportQuestions)}
		switch {
		case n > reportQuestions+1:
			m.Text = "Đã gửi báo cáo thành công."
		case n == reportQuestions+1:
			m.Text, m.Buttons = "Xem lại và gửi", [][]chatmsg.Button{{{Label: "✅ Xác nhận gửi", Data: "confirm"}}}
		case n%3 == 0:
			m.Buttons = [][]chatmsg.Button{{{Label: "Có", Data: "yes"}, {Label: "Không", Data: "no"}}}
		}
		return []chatmsg.Message{m}, nil
	})
}

// productionConfig is the adapter's configuration with the production
// pacing (defaults: 30/s overall, a burst of 3 per chat refilled at 1/s).
func productionConfig(srv *fakeapi.Server) Config {
	return Config{Token: fakeapi.Token, APIEndpoint: srv.Endpoint(), PollTimeout: 1}
}

// walkReport has one person fill in a whole report by long polling on the
// fake clock of a synctest bubble: buttons pressed 0.6 s after the
// question arrives, numbers typed in 2.5 s. It returns, for each answer,
// the time until the next question reached the Bot API.
func walkReport(t *testing.T, cfg func(*fakeapi.Server) Config) []time.Duration {
	srv := fakeapi.New()
	a, err := New(cfg(srv), Deps{Handler: scriptedReport(), Transport: srv.Transport(),
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	const user = 6123456789
	var gaps []time.Duration
	next := fakeapi.PrivateText(user, "/report")
	for i := 0; i < reportQuestions+2; i++ {
		before := srv.ReceivedCount(user)
		asked := time.Now()
		srv.AddUpdate(next)
		for srv.ReceivedCount(user) == before {
			time.Sleep(time.Millisecond)
		}
		q := srv.Received(user)[before]
		if i > 0 {
			gaps = append(gaps, q.Time.Sub(asked))
		}
		if len(q.Keyboard) > 0 {
			time.Sleep(600 * time.Millisecond)
			next = fakeapi.ButtonPress(user, q.MessageID, *q.Keyboard[0][0].CallbackData)
		} else {
			time.Sleep(2500 * time.Millisecond)
			next = fakeapi.PrivateText(user, strconv.Itoa(i))
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	return gaps
}

// The delays are gone from a whole report: with Telegram's production
// pacing, every answer gets its next question at once.
func TestEachAnswerGetsTheNextQuestionAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gaps := walkReport(t, productionConfig)
		if len(gaps) != reportQuestions+1 {
			t.Fatalf("%d answers timed, want %d", len(gaps), reportQuestions+1)
		}
		sorted := slices.Sorted(slices.Values(gaps))
		p50, worst := sorted[len(sorted)/2], sorted[len(sorted)-1]
		if worst > 50*time.Millisecond {
			t.Errorf("an answer waited %v for the next question (all: %v), want well under 100ms", worst, gaps)
		}
		t.Logf("answer → next question over a whole report, production pacing: p50 %v, max %v", p50, worst)
	})
}
