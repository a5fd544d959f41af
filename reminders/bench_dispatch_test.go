package reminders

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/telegram"
	"treembot/bot/telegram/telegramtest"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// dispatchBench is one run's parts: two store handles on one database
// holding count queued rows, and the Telegram adapter at a fake Bot API.
type dispatchBench struct {
	stores  []*storage.Store
	srv     *telegramtest.Server
	senders map[string]chatmsg.Sender
	now     time.Time
}

func newDispatchBench(b *testing.B, count, rate int) dispatchBench {
	ctx := context.Background()
	opts := storagetest.NewOptions(b)
	st := storagetest.Open(b, opts)
	if err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	db := dispatchBench{stores: []*storage.Store{st, storagetest.Open(b, opts)}, srv: telegramtest.NewServer(b),
		now: storagetest.Now()}
	rows := make([]storage.OutboxMessage, count)
	for i := range rows {
		rows[i] = testRow(fmt.Sprintf("k%d", i), fmt.Sprint(1_000_000+i), db.now)
	}
	if _, err := st.EnqueueOutbox(ctx, rows); err != nil {
		b.Fatal(err)
	}
	adapter, err := telegram.New(telegram.Config{Token: telegramtest.Token, APIEndpoint: db.srv.Endpoint(),
		GlobalRate: rate, ChatInterval: time.Millisecond},
		telegram.Deps{Handler: chatmsg.HandlerFunc(func(context.Context, chatmsg.Update) ([]chatmsg.Message, error) { return nil, nil }),
			Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	db.senders = map[string]chatmsg.Sender{"telegram": adapter.Sender()}
	return db
}

// run dispatches everything with two dispatchers of four loops each.
func (db dispatchBench) run() {
	clock := func() time.Time { return db.now }
	var wg sync.WaitGroup
	for i, st := range db.stores {
		d := newDispatcher(st, db.senders, clock, fmt.Sprint("instance-", i))
		d.Options.Batch = 50
		for range 4 {
			wg.Go(func() {
				for {
					if n, err := d.DispatchOnce(context.Background()); err != nil || n == 0 {
						return
					}
				}
			})
		}
	}
	wg.Wait()
}

// checkOnce fails unless each of count chats got exactly one message.
func (db dispatchBench) checkOnce(b *testing.B, count int) {
	seen := map[string]bool{}
	for _, c := range db.srv.Calls("sendMessage") {
		if seen[c.Params["chat_id"]] {
			b.Fatalf("chat %s got two reminders", c.Params["chat_id"])
		}
		seen[c.Params["chat_id"]] = true
	}
	if len(seen) != count {
		b.Fatalf("%d chats reached, want %d", len(seen), count)
	}
}

// BenchmarkDispatch10k sends 10,000 queued reminders through the Telegram
// adapter to an instant fake Bot API, with the global rate raised to
// 1,000 a second to prove the machinery (production runs at 30), from
// two dispatchers of four loops each on one database, and checks that no
// chat got a message twice.
func BenchmarkDispatch10k(b *testing.B) {
	const count, rate = 10_000, 1000
	for b.Loop() {
		b.StopTimer()
		db := newDispatchBench(b, count, rate)
		b.StartTimer()
		start := time.Now()
		db.run()
		elapsed := time.Since(start)
		b.StopTimer()
		db.checkOnce(b, count)
		b.ReportMetric(float64(count)/elapsed.Seconds(), "msgs/s")
		b.Logf("%d reminders in %v (%.0f/s at a configured %d/s, %s), no duplicates", count,
			elapsed.Round(time.Millisecond), float64(count)/elapsed.Seconds(), rate, db.stores[0].Dialect())
		b.StartTimer()
	}
}
