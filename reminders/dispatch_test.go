package reminders

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"treembot/bot/chatmsg"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// fakeSender counts what each chat received and can fail on demand.
type fakeSender struct {
	mu    sync.Mutex
	got   map[string][]chatmsg.Message
	at    map[string][]time.Time
	clock func() time.Time
	fail  func(msg chatmsg.Message) error
}

func newFakeSender(clock func() time.Time) *fakeSender {
	return &fakeSender{got: map[string][]chatmsg.Message{}, at: map[string][]time.Time{}, clock: clock}
}

func (s *fakeSender) Send(_ context.Context, msg chatmsg.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		if err := s.fail(msg); err != nil {
			return err
		}
	}
	s.got[msg.ChatID] = append(s.got[msg.ChatID], msg)
	if s.clock != nil {
		s.at[msg.ChatID] = append(s.at[msg.ChatID], s.clock())
	}
	return nil
}

func (s *fakeSender) count(chat string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.got[chat])
}

func (s *fakeSender) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, msgs := range s.got {
		n += len(msgs)
	}
	return n
}

// clockAt is a settable fake clock.
type clockAt struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clockAt) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clockAt) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func testRow(key, chat string, at time.Time) storage.OutboxMessage {
	return storage.OutboxMessage{Key: key, RuleCode: "due_7", Kind: storage.RuleDue, PeriodID: 1,
		PeriodCode: "2025-H1", UserID: 1, Lang: "vi", Channel: "telegram", ExternalID: chat, ChatID: chat,
		Text: "Dạ, xin nhắc " + key, ButtonLabel: "📝 Gửi báo cáo", ButtonData: "cmd:report",
		SendFrom: 450, SendUntil: 1230, NextAttemptAt: at, ExpiresAt: at.Add(72 * time.Hour)}
}

func newDispatcher(st OutboxStore, senders map[string]chatmsg.Sender, clock func() time.Time, owner string) *Dispatcher {
	return &Dispatcher{Store: st, Senders: senders, Clock: clock, Zone: storagetest.Zone(),
		Logger: slog.New(slog.DiscardHandler), Owner: owner,
		Options: DispatchOptions{Batch: 7, RetryBase: time.Minute}}
}

// drain runs dispatchers concurrently until none finds anything to send.
func drain(t *testing.T, ds ...*Dispatcher) {
	t.Helper()
	var wg sync.WaitGroup
	for _, d := range ds {
		for range 3 {
			wg.Go(func() {
				for {
					n, err := d.DispatchOnce(context.Background())
					if err != nil {
						t.Error(err)
						return
					}
					if n == 0 {
						return
					}
				}
			})
		}
	}
	wg.Wait()
}

// Two instances (two store handles, three loops each) on the same rows:
// every message reaches its chat exactly once.
func TestTwoDispatchersDeliverEachMessageOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := storagetest.NewPair(t)
	now := storagetest.Now()
	var rows []storage.OutboxMessage
	for i := range 300 {
		rows = append(rows, testRow(fmt.Sprintf("k%d", i), fmt.Sprint(5000+i), now))
	}
	if _, err := a.EnqueueOutbox(ctx, rows); err != nil {
		t.Fatal(err)
	}
	sender := newFakeSender(nil)
	senders := map[string]chatmsg.Sender{"telegram": sender}
	clock := func() time.Time { return now }
	drain(t, newDispatcher(a, senders, clock, "one"), newDispatcher(b, senders, clock, "two"))
	for i := range 300 {
		if n := sender.count(fmt.Sprint(5000 + i)); n != 1 {
			t.Errorf("chat %d received %d messages, want 1", 5000+i, n)
		}
	}
	assertCounts(t, a, map[string]int{storage.OutboxSent: 300})
}

func assertCounts(t *testing.T, st *storage.Store, want map[string]int) {
	t.Helper()
	counts, err := st.OutboxCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, c := range counts {
		got[c.Status] += c.Count
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("outbox by status = %v, want %v", got, want)
	}
}

func TestTransientFailureIsRetriedWithBackOff(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storagetest.New(t)
	clock := &clockAt{t: storagetest.Now()}
	if _, err := st.EnqueueOutbox(ctx, []storage.OutboxMessage{testRow("a", "1", clock.Now())}); err != nil {
		t.Fatal(err)
	}
	fails := 2
	sender := newFakeSender(clock.Now)
	sender.fail = func(chatmsg.Message) error {
		if fails > 0 {
			fails--
			return &chatmsg.SendError{Op: "sendMessage", Status: 429, Retry: true, RetryAfter: 3 * time.Minute, Err: errors.New("Too Many Requests")}
		}
		return nil
	}
	d := newDispatcher(st, map[string]chatmsg.Sender{"telegram": sender}, clock.Now, "x")
	// Attempt 1 fails (retry_after 3m beats the 1m back-off); attempt 2 at
	// +3m fails (back-off 2m, retry_after 3m); attempt 3 at +6m succeeds.
	for i, at := range []time.Duration{0, time.Minute, 3 * time.Minute, 5 * time.Minute, 6 * time.Minute} {
		clock.Set(storagetest.Now().Add(at))
		if _, err := d.DispatchOnce(ctx); err != nil {
			t.Fatal(err)
		}
		want := 0
		if i == 4 {
			want = 1
		}
		if got := sender.count("1"); got != want {
			t.Fatalf("after +%v: %d delivered, want %d", at, got, want)
		}
	}
	rows, _ := st.OutboxMessages(ctx, "", storage.OutboxSent, 5)
	if len(rows) != 1 || rows[0].Attempts != 3 {
		t.Fatalf("sent rows %+v, want one after 3 attempts", rows)
	}
}

func TestPermanentFailuresAreRecordedWithTheError(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storagetest.New(t)
	now := storagetest.Now()
	rows := []storage.OutboxMessage{testRow("bad", "1", now), testRow("flaky", "2", now)}
	if _, err := st.EnqueueOutbox(ctx, rows); err != nil {
		t.Fatal(err)
	}
	sender := newFakeSender(nil)
	sender.fail = func(m chatmsg.Message) error {
		if m.ChatID == "1" {
			return &chatmsg.SendError{Op: "sendMessage", Status: 400, Err: errors.New("Bad Request: chat not found")}
		}
		return errors.New("connection reset")
	}
	clock := &clockAt{t: now}
	d := newDispatcher(st, map[string]chatmsg.Sender{"telegram": sender}, clock.Now, "x")
	d.Options.MaxAttempts = 3
	for i := range 10 {
		clock.Set(now.Add(time.Duration(i) * time.Hour))
		if _, err := d.DispatchOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	failed, _ := st.OutboxMessages(ctx, "", storage.OutboxFailed, 5)
	if len(failed) != 2 {
		t.Fatalf("failed rows: %+v", failed)
	}
	if failed[0].Attempts != 1 || failed[0].LastError != "sendMessage: status 400: Bad Request: chat not found" {
		t.Errorf("400 not recorded as final after one attempt: %+v", failed[0])
	}
	if failed[1].Attempts != 3 || failed[1].LastError != "connection reset" {
		t.Errorf("transient error not given up after 3 attempts: %+v", failed[1])
	}
}

func TestDispatcherKeepsQuietHoursAndDropsStaleRows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storagetest.New(t)
	evening := time.Date(2025, 5, 8, 20, 25, 0, 0, storagetest.Zone())
	late := testRow("late", "1", evening)
	stale := testRow("stale", "2", evening)
	stale.ExpiresAt = evening.Add(time.Hour)
	if _, err := st.EnqueueOutbox(ctx, []storage.OutboxMessage{late, stale}); err != nil {
		t.Fatal(err)
	}
	sender := newFakeSender(nil)
	clock := &clockAt{t: evening.Add(20 * time.Minute)} // 20:45, a backlog past the sending hours
	d := newDispatcher(st, map[string]chatmsg.Sender{"telegram": sender}, clock.Now, "x")
	if _, err := d.DispatchOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if sender.total() != 0 {
		t.Fatal("sent during quiet hours")
	}
	queued, _ := st.OutboxMessages(ctx, "", storage.OutboxQueued, 5)
	morning := time.Date(2025, 5, 9, 7, 30, 0, 0, storagetest.Zone())
	if len(queued) != 2 || !queued[0].NextAttemptAt.Equal(morning) {
		t.Fatalf("rows not put back until the morning: %+v", queued)
	}
	clock.Set(morning)
	if err := st.RecoverOutbox(ctx, morning); err != nil {
		t.Fatal(err)
	}
	if _, err := d.DispatchOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if sender.count("1") != 1 || sender.count("2") != 0 {
		t.Errorf("morning delivery: chat 1 got %d, stale chat 2 got %d", sender.count("1"), sender.count("2"))
	}
	assertCounts(t, st, map[string]int{storage.OutboxSent: 1, storage.OutboxExpired: 1})
}

func TestNoReminderAfterTheUnitSubmitted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, _ := storagetest.NewSeeded(t, nil)
	unit, _ := st.UnitByCode(ctx, "VQ-XL-01")
	period, _ := st.PeriodByCode(ctx, "2025-H1")
	user, _ := st.UserByIdentity(ctx, storage.DemoChannel, "demo-collaborator-vq-xl-01")
	now := storagetest.Now()
	sub, err := st.OpenDraft(ctx, storage.DraftRequest{UnitID: unit.ID, PeriodID: period.ID, FormID: DefaultFormID,
		UserID: user.ID, Channel: "terminal", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	row := testRow("r", "1", now)
	row.UnitID, row.PeriodID = unit.ID, period.ID
	if _, err := st.EnqueueOutbox(ctx, []storage.OutboxMessage{row}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Submit(ctx, storage.SubmitRequest{SubmissionID: sub.ID, UserID: user.ID, Channel: "terminal", Now: now}); err != nil {
		t.Fatal(err)
	}
	sender := newFakeSender(nil)
	d := newDispatcher(st, map[string]chatmsg.Sender{"telegram": sender}, func() time.Time { return now }, "x")
	d.Submissions = st
	if _, err := d.DispatchOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if sender.total() != 0 {
		t.Fatal("reminded a unit that had just submitted")
	}
	assertCounts(t, st, map[string]int{storage.OutboxCancelled: 1})
}
