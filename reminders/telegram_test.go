package reminders

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"testing"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/telegram"
	"treembot/bot/telegram/telegramtest"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// The outbox through the real Telegram adapter, counted at a fake Bot
// API: two dispatchers on the same rows deliver each reminder once, under
// the adapter's global rate, with the /report button, and a chat that
// blocked the bot ends up failed rather than retried.
func TestOutboxThroughTheTelegramAdapter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := storagetest.NewPair(t)
	srv := telegramtest.NewServer(t)
	const rate, count, blocked = 40, 100, 7099
	srv.FailChat(blocked, telegramtest.Failure{Code: 403, Description: "Forbidden: bot was blocked by the user"})
	srv.FailNext("sendMessage", telegramtest.Failure{Code: 429, RetryAfter: 1})
	adapter, err := telegram.New(telegram.Config{Token: telegramtest.Token, APIEndpoint: srv.Endpoint(),
		GlobalRate: rate, ChatInterval: time.Millisecond, RetryBase: 10 * time.Millisecond},
		telegram.Deps{Handler: chatmsg.HandlerFunc(func(context.Context, chatmsg.Update) ([]chatmsg.Message, error) { return nil, nil }),
			Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	now := storagetest.Now()
	var rows []storage.OutboxMessage
	for i := range count {
		rows = append(rows, testRow(fmt.Sprintf("k%d", i), fmt.Sprint(7000+i), now))
	}
	if _, err := a.EnqueueOutbox(ctx, rows); err != nil {
		t.Fatal(err)
	}
	senders := map[string]chatmsg.Sender{"telegram": adapter.Sender()}
	clock := func() time.Time { return now }
	drain(t, newDispatcher(a, senders, clock, "one"), newDispatcher(b, senders, clock, "two"))
	for i := range count {
		chat := int64(7000 + i)
		got := srv.Received(chat)
		if chat == blocked {
			if len(got) != 0 {
				t.Errorf("blocked chat received %d messages", len(got))
			}
			continue
		}
		if len(got) != 1 || got[0].Text != fmt.Sprintf("Dạ, xin nhắc k%d", i) {
			t.Fatalf("chat %d received %+v, want its reminder once", chat, got)
		}
		if kb := got[0].Keyboard; len(kb) != 1 || kb[0][0].CallbackData == nil || *kb[0][0].CallbackData != "cmd:report" {
			t.Fatalf("chat %d: keyboard %+v", chat, kb)
		}
	}
	assertCounts(t, a, map[string]int{storage.OutboxSent: count - 1, storage.OutboxFailed: 1})
	checkRate(t, srv.Calls("sendMessage"), rate)
}

// arrivalJitter is how much later than its start a send may reach the
// fake server on this loaded machine (a real socket, scheduled between
// other tests): the pacer spaces send starts, with a margin of 25 ms a
// second, and bot/channel's tests check that to the tick in fake time.
// Here a burst of arrivals of up to this much is not a breach; a rate 10 %
// too high still is.
const arrivalJitter = 100 * time.Millisecond

// checkRate fails if more than rate sends reached the server within any
// one second, less arrivalJitter.
func checkRate(t *testing.T, calls []telegramtest.Call, rate int) {
	t.Helper()
	times := make([]time.Time, 0, len(calls))
	for _, c := range calls {
		times = append(times, c.Time)
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	for i := range times {
		j := sort.Search(len(times), func(j int) bool { return !times[j].Before(times[i].Add(time.Second - arrivalJitter)) })
		if j-i > rate {
			t.Fatalf("%d sends within %v from %s, above the rate of %d a second", j-i, time.Second-arrivalJitter, times[i].Format("15:04:05.000"), rate)
		}
	}
	if len(times) < 2*rate {
		t.Fatalf("only %d sends: too few to check the rate", len(times))
	}
	if span := times[len(times)-1].Sub(times[0]); span < time.Duration(len(times)/rate-1)*time.Second {
		t.Errorf("%d sends took %v: faster than %d a second", len(times), span, rate)
	}
}
