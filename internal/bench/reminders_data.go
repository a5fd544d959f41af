package bench

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"treembot/bot/chatmsg"
	"treembot/bot/telegram"
	"treembot/bot/telegram/fakeapi"
	"treembot/internal/app"
	"treembot/internal/config"
	"treembot/reminders"
	"treembot/storage"
	"treembot/storage/bulk"
)

// loadReminderTree writes tree with one collaborator per village and an
// officer per commune, each with a Telegram account, and marks every
// other village's and commune's 2025-H1 report submitted. It returns how
// many reports are submitted.
func loadReminderTree(ctx context.Context, a *app.App, cfg config.Config, tree benchTree) (int, error) {
	period, err := a.Store.PeriodByCode(ctx, "2025-H1")
	if err != nil {
		return 0, fmt.Errorf("bench period: %w", err)
	}
	villages, communes := tree.VillageCount(), tree.CommuneCount()
	// User i (from 1) is village i-1's collaborator, then come the officers.
	unitOf := func(i int) (id int64, role string) {
		if i <= villages {
			return tree.VillageID(i - 1), storage.RoleCollaborator
		}
		return tree.CommuneID(i - villages - 1), storage.RoleCommuneOfficer
	}
	people := villages + communes
	users := func(yield func(bulk.User) bool) {
		for i := 1; i <= people; i++ {
			unit, role := unitOf(i)
			if !yield(bulk.User{ID: int64(i), Name: fmt.Sprintf("Người %d", i), Role: role, UnitID: unit, Language: "vi"}) {
				return
			}
		}
	}
	identities := func(yield func(bulk.Identity) bool) {
		for i := 1; i <= people; i++ {
			ext := fmt.Sprint(5_000_000_000 + i)
			if !yield(bulk.Identity{ID: int64(i), UserID: int64(i), Channel: "telegram", ExternalID: ext, ChatID: ext}) {
				return
			}
		}
	}
	submitted := 0
	subs := func(yield func(bulk.Submission) bool) {
		for i := 1; i <= people; i += 2 { // every other village, then every other commune
			unit, role := unitOf(i)
			submitted++
			form := "commune_report" // what a commune officer owes
			if role == storage.RoleCollaborator {
				form = "village_report"
			}
			if !yield(bulk.Submission{ID: int64(submitted), UnitID: unit, PeriodID: int64(period.ID),
				FormID: form, Status: storage.StatusSubmitted, Version: 1,
				Reference: fmt.Sprintf("R%d", submitted), CreatedBy: int64(i), SubmittedBy: int64(i),
				SubmittedAt: tree.now.Add(-24 * time.Hour)}) {
				return
			}
		}
	}
	data := bulk.Data{Now: tree.now, Units: tree.Units(), Users: users, Identities: identities, Submissions: subs}
	if err := bulk.Load(ctx, bulkTarget(cfg), data); err != nil {
		return 0, err
	}
	return submitted, nil
}

// dispatchReminders sends up to o.dispatch queued reminders through the
// real Telegram adapter to a fake Bot API, from two dispatchers of four
// loops each (two instances), and counts chats that got one twice.
func dispatchReminders(ctx context.Context, a *app.App, o remindersOptions, res *remindersResult) error {
	fake := fakeapi.Start()
	defer fake.Close()
	fake.Latency = o.apiLatency
	tg, err := telegram.New(telegram.Config{Token: fakeapi.Token, APIEndpoint: fake.Endpoint(),
		GlobalRate: o.rate, ChatInterval: time.Millisecond},
		telegram.Deps{Handler: chatmsg.HandlerFunc(func(context.Context, chatmsg.Update) ([]chatmsg.Message, error) { return nil, nil }),
			Budget: a.Sessions, Clock: a.Clock, Logger: a.Log, Catalog: a.Catalog})
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
		d := &reminders.Dispatcher{Store: a.Store, Senders: map[string]chatmsg.Sender{"telegram": tg.Sender()},
			Identities: a.Store, Submissions: a.Store, Clock: a.Clock, Zone: a.Cfg.Zone, Logger: a.Log,
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
func stopAt(ctx context.Context, cancel func(), fake *fakeapi.Server, want int) {
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
func countSends(fake *fakeapi.Server, res *remindersResult) {
	perChat := map[string]int{}
	for _, c := range fake.Calls("sendMessage") {
		perChat[c.Params["chat_id"]]++
		res.Dispatched++
	}
	for _, n := range perChat {
		res.Duplicates += n - 1
	}
}
