package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"treembot/bot"
	"treembot/bot/telegram"
	"treembot/bot/telegram/telegramtest"
	"treembot/reminders"
	"treembot/storage"
)

// loadReminderTree writes tree with one collaborator per village and an
// officer per commune, each with a Telegram account, and marks every
// other village's and commune's 2025-H1 report submitted. It returns how
// many reports are submitted.
func loadReminderTree(ctx context.Context, a *app, cfg Config, tree benchTree) (int, error) {
	period, err := a.store.PeriodByCode(ctx, "2025-H1")
	if err != nil {
		return 0, fmt.Errorf("bench period: %w", err)
	}
	villages, communes := tree.villageCount(), tree.communeCount()
	// User i (from 1) is village i-1's collaborator, then come the officers.
	unitOf := func(i int) (id int64, role string) {
		if i <= villages {
			return tree.villageID(i - 1), storage.RoleCollaborator
		}
		return tree.communeID(i - villages - 1), storage.RoleCommuneOfficer
	}
	people := villages + communes
	now := tree.now
	users := bulkTable{name: "users", columns: []string{"id", "name", "role", "unit_id", "language", "active", "created_at", "updated_at"},
		rows: func(yield func([]any) bool) {
			for i := 1; i <= people; i++ {
				unit, role := unitOf(i)
				if !yield([]any{int64(i), fmt.Sprintf("Người %d", i), role, unit, "vi", true, now, now}) {
					return
				}
			}
		}}
	identities := bulkTable{name: "identities", columns: []string{"id", "user_id", "channel", "external_id", "chat_id", "active", "created_at"},
		rows: func(yield func([]any) bool) {
			for i := 1; i <= people; i++ {
				ext := fmt.Sprint(5_000_000_000 + i)
				if !yield([]any{int64(i), int64(i), "telegram", ext, ext, true, now}) {
					return
				}
			}
		}}
	submitted := 0
	subs := bulkTable{name: "submissions", columns: []string{"id", "unit_id", "period_id", "form_id", "status", "version",
		"reference", "created_by", "submitted_by", "submitted_at", "created_at", "updated_at"},
		rows: func(yield func([]any) bool) {
			for i := 1; i <= people; i += 2 { // every other village, then every other commune
				unit, _ := unitOf(i)
				submitted++
				if !yield([]any{int64(submitted), unit, int64(period.ID), reminders.DefaultFormID, storage.StatusSubmitted,
					int64(1), fmt.Sprintf("R%d", submitted), int64(i), int64(i), now.Add(-24 * time.Hour), now, now}) {
					return
				}
			}
		}}
	if err := bulkLoad(ctx, cfg, []bulkTable{tree.units(), users, identities, subs}); err != nil {
		return 0, err
	}
	return submitted, nil
}

// dispatchReminders sends up to o.dispatch queued reminders through the
// real Telegram adapter to a fake Bot API, from two dispatchers of four
// loops each (two instances), and counts chats that got one twice.
func dispatchReminders(ctx context.Context, a *app, o remindersOptions, res *remindersResult) error {
	fake := telegramtest.Start()
	defer fake.Close()
	tg, err := telegram.New(telegram.Config{Token: telegramtest.Token, APIEndpoint: fake.Endpoint(),
		GlobalRate: o.rate, ChatInterval: time.Millisecond},
		telegram.Deps{Handler: bot.HandlerFunc(func(context.Context, bot.Update) ([]bot.Message, error) { return nil, nil }),
			Budget: a.sessions, Clock: a.clock, Logger: a.log, Catalog: a.catalog})
	if err != nil {
		return fmt.Errorf("start Telegram adapter: %w", err)
	}
	want := min(o.dispatch, res.Planned)
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	var failures atomic.Int64
	var first atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for i := range 2 {
		d := &reminders.Dispatcher{Store: a.store, Senders: map[string]bot.Sender{"telegram": tg.Sender()},
			Identities: a.store, Submissions: a.store, Clock: a.clock, Zone: a.cfg.Zone, Logger: a.log,
			Owner: fmt.Sprintf("bench-%d", i), Options: reminders.DispatchOptions{Batch: 50}}
		for range 4 {
			wg.Go(func() {
				for ctx.Err() == nil {
					n, err := d.DispatchOnce(ctx)
					if err != nil && ctx.Err() == nil {
						failures.Add(1)
						first.CompareAndSwap(nil, err.Error())
						return
					}
					if n == 0 {
						return
					}
				}
			})
		}
	}
	go stopAt(ctx, cancel, fake, want)
	wg.Wait()
	elapsed := time.Since(start)
	countSends(fake, res)
	res.DispatchPerS = float64(int(float64(res.Dispatched)/elapsed.Seconds()*10)) / 10
	res.Errors = int(failures.Load())
	if f, ok := first.Load().(string); ok {
		res.FirstError = f
	}
	if ctx.Err() != nil && res.Dispatched < want && !errors.Is(ctx.Err(), context.Canceled) {
		res.FirstError = firstOf(res.FirstError, "--duration ran out")
	}
	return nil
}

// stopAt cancels the dispatch once want messages have gone out.
func stopAt(ctx context.Context, cancel func(), fake *telegramtest.Server, want int) {
	for ctx.Err() == nil {
		if len(fake.Calls("sendMessage")) >= want {
			cancel()
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// countSends counts what the fake Bot API delivered, and the deliveries
// to a chat that had one already.
func countSends(fake *telegramtest.Server, res *remindersResult) {
	perChat := map[string]int{}
	for _, c := range fake.Calls("sendMessage") {
		perChat[c.Params["chat_id"]]++
		res.Dispatched++
	}
	for _, n := range perChat {
		res.Duplicates += n - 1
	}
}
