package reminders

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"treembot/bot/chatmsg"
	"treembot/internal/testkit"
	"treembot/locales"
	"treembot/storage"
	"treembot/storage/sessions/sessionstest"
	"treembot/storage/storagetest"
)

// newService is a service on st sending to the terminal channel (the demo
// people's accounts) through sender.
func newService(st *storage.Store, sender chatmsg.Sender, clock func() time.Time, locker Locker) *Service {
	return &Service{Store: st, Submissions: st, Senders: map[string]chatmsg.Sender{storage.DemoChannel: sender},
		Catalog: testCatalog, Zone: storagetest.Zone(), Clock: clock, Locker: locker,
		Logger: slog.New(slog.DiscardHandler), Dispatch: DispatchOptions{FormID: DefaultFormID}}
}

// Two instances run against one database from 1 to 16 May, with the bot
// down from 7 May 13:30 to 10 May 13:30. Every six hours (01:30, 07:30
// when sending opens, 13:30, 19:30) both plan at the same moment, and both
// dispatch what was queued. Each person gets each reminder once, at
// permitted hours, the missed due_7 goes out when the bot is back, and
// nothing is left undelivered. (The planner's timing is tested minute by
// minute on a fixture; this is about the database, the lock and the
// outbox, and every pass costs queries.)
func TestTwoInstancesCatchUpAfterThreeDayOutage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := storagetest.NewPair(t)
	if err := a.Seed(ctx, storage.SeedOptions{Elements: storagetest.PlanElements(), Zone: storagetest.Zone(), Now: storagetest.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SeedDemo(ctx, storage.DemoOptions{Now: storagetest.Now()}); err != nil {
		t.Fatal(err)
	}
	clock := &clockAt{}
	sender := newFakeSender(clock.Now)
	locks := sessionstest.New(t)
	services := []*Service{newService(a, sender, clock.Now, locks), newService(b, sender, clock.Now, locks)}
	zone := storagetest.Zone()
	down, up := time.Date(2025, 5, 7, 13, 30, 0, 0, zone), time.Date(2025, 5, 10, 13, 30, 0, 0, zone)
	for t0 := time.Date(2025, 5, 1, 1, 30, 0, 0, zone); t0.Before(time.Date(2025, 5, 16, 12, 0, 0, 0, zone)); t0 = t0.Add(6 * time.Hour) {
		if !t0.Before(down) && t0.Before(up) {
			continue
		}
		clock.Set(t0)
		if planTogether(t, services) > 0 {
			drain(t, services[0].Dispatcher("a"), services[1].Dispatcher("b"))
		}
	}
	got := func(chat string) []string {
		var out []string
		for _, at := range sender.at[chat] {
			out = append(out, at.In(zone).Format("02/01 15:04"))
		}
		return out
	}
	equalLists(t, "collaborator of VQ-XL-01", got("demo-collaborator-vq-xl-01"),
		[]string{"01/05 07:30", "10/05 13:30", "12/05 07:30", "14/05 07:30", "15/05 07:30"})
	equalLists(t, "officer of VQ-XL", got("demo-commune_officer-vq-xl"),
		[]string{"01/05 07:30", "10/05 13:30", "12/05 07:30", "14/05 07:30", "15/05 07:30", "16/05 07:30"})
	equalLists(t, "LĐTBXH official", got("demo-official-ldtbxh"), []string{"16/05 07:30"})
	equalLists(t, "health official", got("demo-official-yte"), nil)
	equalLists(t, "outbox rows not sent", undelivered(t, a), nil)
	if late, ok := nthMessage(t, sender, "demo-collaborator-vq-xl-01", 1); ok {
		mustHave(t, late.Text, "Xin chào anh/chị", "còn 5 ngày nữa")
		if len(late.Buttons) != 1 || late.Buttons[0][0].Data != "cmd:report" {
			t.Errorf("reminder without the /report button: %+v", late.Buttons)
		}
	}
	if alert, ok := nthMessage(t, sender, "demo-official-ldtbxh", 0); ok {
		mustHave(t, alert.Text, "Xã Xuân Long", "Xã Tân Đoàn", "Thị trấn Văn Quan")
	}
}

// planTogether runs a planning pass on every service at once, as
// instances whose ticks coincide do, and returns how many messages they
// queued between them.
func planTogether(t *testing.T, services []*Service) int {
	t.Helper()
	results := make([]planResult, len(services))
	var wg sync.WaitGroup
	for i, svc := range services {
		wg.Go(func() {
			n, err := svc.PlanOnce(context.Background())
			results[i] = planResult{n, err}
		})
	}
	wg.Wait()
	total := 0
	for _, r := range results {
		if r.err != nil {
			t.Fatal(r.err)
		}
		total += r.n
	}
	return total
}

// undelivered lists "rule status×count" for outbox rows not sent.
func undelivered(t *testing.T, st *storage.Store) []string {
	t.Helper()
	counts, err := st.OutboxCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range counts {
		if c.Status != storage.OutboxSent {
			out = append(out, fmt.Sprintf("%s %s×%d", c.RuleCode, c.Status, c.Count))
		}
	}
	return out
}

// nthMessage is the i-th message chat received (from 0); a missing one is
// reported as a test error rather than a panic.
func nthMessage(t *testing.T, s *fakeSender, chat string, i int) (chatmsg.Message, bool) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if i >= len(s.got[chat]) {
		t.Errorf("%s received %d messages; want at least %d", chat, len(s.got[chat]), i+1)
		return chatmsg.Message{}, false
	}
	return s.got[chat][i], true
}

// A person who blocked the bot is marked unreachable and named in the
// next alert to their officer.
func TestBlockedRecipientIsReportedToTheirOfficer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, _ := storagetest.NewSeeded(t, nil)
	clock := &clockAt{t: time.Date(2025, 5, 15, 8, 0, 0, 0, storagetest.Zone())}
	sender := newFakeSender(clock.Now)
	sender.fail = func(m chatmsg.Message) error {
		if m.ChatID == "demo-collaborator-vq-xl-02" {
			return &chatmsg.SendError{Op: "sendMessage", Status: 403, Gone: true, Err: errors.New("Forbidden: bot was blocked by the user")}
		}
		return nil
	}
	svc := newService(st, sender, clock.Now, nil)
	if _, err := svc.PlanOnce(ctx); err != nil {
		t.Fatal(err)
	}
	drain(t, svc.Dispatcher("x"))
	user, _ := st.UserByIdentity(ctx, storage.DemoChannel, "demo-collaborator-vq-xl-02")
	ids, _ := st.IdentitiesOfUser(ctx, user.ID)
	if len(ids) != 1 || ids[0].Active {
		t.Fatalf("identity of the person who blocked the bot: %+v", ids)
	}
	failed, _ := st.OutboxMessages(ctx, "due_0", storage.OutboxFailed, 5)
	if len(failed) != 1 || !strings.Contains(failed[0].LastError, "403") {
		t.Fatalf("failed rows: %+v", failed)
	}
	clock.Set(time.Date(2025, 5, 16, 7, 30, 0, 0, storagetest.Zone()))
	if _, err := svc.PlanOnce(ctx); err != nil {
		t.Fatal(err)
	}
	drain(t, svc.Dispatcher("x"))
	alert := sender.got["demo-commune_officer-vq-xl"]
	if len(alert) != 2 {
		t.Fatalf("officer got %d messages, want the due_0 reminder and the overdue alert", len(alert))
	}
	mustHave(t, alert[1].Text, "không nhận được tin nhắc", "• "+user.Name+" (Thôn Bản Khuông)")
}

func TestRunPlansDispatchesAndStops(t *testing.T) {
	t.Parallel()
	st, _ := storagetest.NewSeeded(t, nil)
	at := time.Date(2025, 5, 8, 8, 0, 0, 0, storagetest.Zone())
	sender := newFakeSender(nil)
	passes := &passCounter{Locker: sessionstest.New(t)}
	svc := newService(st, sender, func() time.Time { return at }, passes)
	svc.PlanEvery, svc.IdleWait, svc.Workers = 20*time.Millisecond, 10*time.Millisecond, 3
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	testkit.Eventually(t, 20*time.Second, "the due_7 reminders delivered", func() bool { return sender.total() >= 11 })
	// Three more planning passes, and nothing left in the outbox to send: a
	// reminder queued twice would have gone out by then.
	after := passes.done.Load()
	testkit.Eventually(t, 10*time.Second, "three more planning passes and the outbox sent", func() bool {
		return passes.done.Load() >= after+3 && unsent(t, st) == 0
	})
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop after cancel")
	}
	if sender.total() != 11 {
		t.Fatalf("delivered %d messages, want the 11 due_7 reminders once each", sender.total())
	}
}

// passCounter is a Locker that counts the planning passes that finished
// (released the planner lock).
type passCounter struct {
	Locker
	done atomic.Int64
}

func (p *passCounter) Lock(ctx context.Context, key string, ttl time.Duration) (func(), error) {
	unlock, err := p.Locker.Lock(ctx, key, ttl)
	if err != nil {
		return nil, err
	}
	return func() { unlock(); p.done.Add(1) }, nil
}

// unsent counts the outbox rows still to be sent or being sent.
func unsent(t *testing.T, st *storage.Store) int {
	counts, err := st.OutboxCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range counts {
		if c.Status == storage.OutboxQueued || c.Status == storage.OutboxClaimed || c.Status == storage.OutboxSending {
			n += c.Count
		}
	}
	return n
}

func TestServiceRefusesMissingParts(t *testing.T) {
	t.Parallel()
	svc := &Service{Catalog: locales.MustLoad()}
	if err := svc.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "required") {
		t.Fatalf("Run without a store: %v", err)
	}
}
