package reminders

import (
	"context"
	"testing"
	"time"

	"treembot/storage/sessions/sessionstest"
	"treembot/storage/storagetest"
)

// lockSpy is a Locker that reports each Lock call on called (when set),
// then takes delay before locking, as a slow Redis on a loaded machine
// does.
type lockSpy struct {
	Locker
	delay  time.Duration
	called chan struct{}
}

func (l *lockSpy) Lock(ctx context.Context, key string, ttl time.Duration) (func(), error) {
	if l.called != nil {
		l.called <- struct{}{}
	}
	timer := time.NewTimer(l.delay)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timer.C:
	}
	return l.Locker.Lock(ctx, key, ttl)
}

type planResult struct {
	n   int
	err error
}

// While another instance holds the planner lock a pass waits for it, then
// plans; one that finds it taken for the whole wait queues nothing.
func TestOnlyOneInstancePlansAtATime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, _ := storagetest.NewSeeded(t, nil)
	locks := sessionstest.New(t)
	at := time.Date(2025, 5, 8, 8, 0, 0, 0, storagetest.Zone())
	spy := &lockSpy{Locker: locks, called: make(chan struct{}, 1)}
	svc := newService(st, newFakeSender(nil), func() time.Time { return at }, spy)
	unlock, err := locks.Lock(ctx, planLockKey, time.Minute) // another instance is planning
	if err != nil {
		t.Fatal(err)
	}
	svc.PlanLockWait = 300 * time.Millisecond
	n, err := svc.PlanOnce(ctx)
	<-spy.called
	if err != nil || n != 0 {
		t.Fatalf("while another instance plans for longer than the wait: queued %d, %v; want 0, nil", n, err)
	}
	svc.PlanLockWait = defaultPlanLockWait
	done := make(chan planResult, 1)
	go func() {
		n, err := svc.PlanOnce(ctx)
		done <- planResult{n, err}
	}()
	<-spy.called // the pass is waiting for the lock
	unlock()
	select {
	case r := <-done:
		if r.err != nil || r.n != 11 {
			t.Fatalf("once the other instance is done: queued %d, %v; want the 11 due_7 reminders", r.n, r.err)
		}
	case <-time.After(defaultPlanLockWait + 10*time.Second):
		t.Fatal("the pass waiting for the lock never ended")
	}
	if n, err = svc.PlanOnce(ctx); err != nil || n != 0 {
		t.Fatalf("planning again queued %d, %v; want nothing new", n, err)
	}
	<-spy.called
}

// A free lock that is slow to take (a loaded machine, a slow Redis) still
// gets its pass planned, and the pass releases it.
func TestSlowPlannerLockDoesNotDropThePass(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, _ := storagetest.NewSeeded(t, nil)
	locks := sessionstest.New(t)
	at := time.Date(2025, 5, 8, 8, 0, 0, 0, storagetest.Zone())
	// Longer than the 200 ms wait that used to drop such a pass silently.
	svc := newService(st, newFakeSender(nil), func() time.Time { return at }, &lockSpy{Locker: locks, delay: 500 * time.Millisecond})
	if n, err := svc.PlanOnce(ctx); err != nil || n != 11 {
		t.Fatalf("with a slow lock: queued %d, %v; want the 11 due_7 reminders", n, err)
	}
	lockCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	unlock, err := locks.Lock(lockCtx, planLockKey, time.Minute)
	if err != nil {
		t.Fatalf("the pass left the planner lock taken: %v", err)
	}
	unlock()
}
