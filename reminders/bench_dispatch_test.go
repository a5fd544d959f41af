package reminders

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"treembot/bot"
	"treembot/bot/telegram"
	"treembot/bot/telegram/telegramtest"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// BenchmarkDispatch10k sends 10,000 queued reminders through the Telegram
// adapter to an instant fake Bot API, with the global rate raised to
// 1,000 a second to prove the machinery (production runs at 30), from
// two dispatchers of four loops each on one database, and checks that no
// chat got a message twice.
func BenchmarkDispatch10k(b *testing.B) {
	const count, rate = 10_000, 1000
	for b.Loop() {
		b.StopTimer()
		ctx := context.Background()
		opts := storagetest.NewOptions(b)
		st := storagetest.Open(b, opts)
		if err := st.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		other := storagetest.Open(b, opts)
		now := storagetest.Now()
		rows := make([]storage.OutboxMessage, count)
		for i := range rows {
			rows[i] = testRow(fmt.Sprintf("k%d", i), fmt.Sprint(1_000_000+i), now)
		}
		if _, err := st.EnqueueOutbox(ctx, rows); err != nil {
			b.Fatal(err)
		}
		srv := telegramtest.NewServer(b)
		adapter, err := telegram.New(telegram.Config{Token: telegramtest.Token, APIEndpoint: srv.Endpoint(),
			GlobalRate: rate, ChatInterval: time.Millisecond},
			telegram.Deps{Handler: bot.HandlerFunc(func(context.Context, bot.Update) ([]bot.Message, error) { return nil, nil }),
				Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		senders := map[string]bot.Sender{"telegram": adapter.Sender()}
		clock := func() time.Time { return now }
		b.StartTimer()
		start := time.Now()
		var wg sync.WaitGroup
		for _, d := range []*Dispatcher{newDispatcher(st, senders, clock, "a"), newDispatcher(other, senders, clock, "b")} {
			d.Options.Batch = 50
			for range 4 {
				wg.Go(func() {
					for {
						if n, err := d.DispatchOnce(ctx); err != nil || n == 0 {
							return
						}
					}
				})
			}
		}
		wg.Wait()
		elapsed := time.Since(start)
		b.StopTimer()
		calls := srv.Calls("sendMessage")
		seen := map[string]bool{}
		for _, c := range calls {
			if seen[c.Params["chat_id"]] {
				b.Fatalf("chat %s got two reminders", c.Params["chat_id"])
			}
			seen[c.Params["chat_id"]] = true
		}
		if len(seen) != count {
			b.Fatalf("%d chats reached, want %d", len(seen), count)
		}
		b.ReportMetric(float64(count)/elapsed.Seconds(), "msgs/s")
		b.Logf("%d reminders in %v (%.0f/s at a configured %d/s, %s), no duplicates", count,
			elapsed.Round(time.Millisecond), float64(count)/elapsed.Seconds(), rate, st.Dialect())
		b.StartTimer()
	}
}
