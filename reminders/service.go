package reminders

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"treembot/bot/chatmsg"
	"treembot/locales"
	"treembot/storage"
)

// Locker takes an exclusive lock across instances; sessions.Store (Redis
// or memory) implements it.
type Locker interface {
	Lock(ctx context.Context, key string, ttl time.Duration) (unlock func(), err error)
}

// Service plans reminders every PlanEvery and dispatches the outbox
// continuously. Build it as a struct literal; Store, Senders, Catalog,
// Zone and Clock are required.
type Service struct {
	Store   Store
	Senders map[string]chatmsg.Sender // by channel; also the channels planned for
	// Submissions, when set, re-checks a report just before its reminder
	// goes out (*storage.Store implements it).
	Submissions SubmissionChecker
	// Forms is the reporting chain (who is chased for which report); nil
	// chases everyone for Dispatch.FormID.
	Forms   []ChainForm
	Catalog *locales.Catalog
	Zone    *time.Location
	Clock   func() time.Time
	// Locker makes one instance plan at a time (sessions.Store); nil for a
	// single instance (the embedded default).
	Locker Locker
	// PlanLockWait is how long a pass waits for the planner lock while
	// another instance's pass runs (default 30s); past it the pass is
	// skipped with a warning.
	PlanLockWait time.Duration
	Logger       *slog.Logger
	PlanEvery    time.Duration // default 1m
	Workers      int           // concurrent dispatch loops (default 4)
	IdleWait     time.Duration // pause when the outbox is empty (default 5s)
	Dispatch     DispatchOptions

	wake chan struct{}
	once sync.Once
}

// Leader lock: a planning pass holds it and is cut off before it can
// expire, so no renewal is needed and a crashed leader frees it within
// planLockTTL.
const (
	planLockKey = "reminders:planner"
	planLockTTL = 2 * time.Minute
	// planLockMargin separates the end of a pass from its lock's expiry.
	planLockMargin = 10 * time.Second
	// defaultPlanLockWait is generous on purpose: another instance's pass
	// ends within seconds, so a pass that finds the lock taken waits and
	// then plans too (finding nothing new), and a free lock is taken even
	// from a slow Redis on a loaded machine. A 200 ms wait could not tell
	// a taken lock from a slow one: passes were dropped silently, and a
	// wait that ran out while Redis was setting the key left the lock
	// taken, by nobody, for planLockTTL.
	defaultPlanLockWait = 30 * time.Second
	// recoverEvery is how often a dispatch loop looks for rows left
	// behind by a dead dispatcher.
	recoverEvery = 30 * time.Second
)

// errPlannerBusy means the planner lock stayed taken for the whole wait.
var errPlannerBusy = errors.New("planner lock still taken")

// setup checks the required parts and fills in the defaults, once.
func (s *Service) setup() error {
	switch {
	case s.Store == nil || s.Catalog == nil || s.Zone == nil || s.Clock == nil:
		return errors.New("reminders: Store, Catalog, Zone and Clock are required")
	case len(s.Senders) == 0:
		return errors.New("reminders: at least one sender is required")
	}
	s.once.Do(func() {
		if s.Logger == nil {
			s.Logger = slog.New(slog.DiscardHandler)
		}
		if s.PlanEvery <= 0 {
			s.PlanEvery = time.Minute
		}
		if s.Workers <= 0 {
			s.Workers = 4
		}
		if s.IdleWait <= 0 {
			s.IdleWait = 5 * time.Second
		}
		if s.PlanLockWait <= 0 {
			s.PlanLockWait = defaultPlanLockWait
		}
		s.Dispatch = s.Dispatch.withDefaults()
		s.wake = make(chan struct{}, s.Workers)
	})
	return nil
}

// Run plans and dispatches until ctx is cancelled, then waits for the
// sends in flight. Planning errors are logged and retried next minute.
func (s *Service) Run(ctx context.Context) error {
	if err := s.setup(); err != nil {
		return err
	}
	owner := instanceName()
	var wg sync.WaitGroup
	for w := range s.Workers {
		wg.Go(func() { s.dispatchLoop(ctx, fmt.Sprintf("%s-w%d", owner, w)) })
	}
	ticker := time.NewTicker(s.PlanEvery)
	defer ticker.Stop()
	for {
		if _, err := s.PlanOnce(ctx); err != nil && ctx.Err() == nil {
			s.Logger.Error("plan reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			wg.Wait()
			return nil
		case <-ticker.C:
		}
	}
}

// PlanOnce plans at Clock() and queues what is due; it returns how many
// new messages were queued. While another instance plans it waits for the
// planner lock, then plans too, finding nothing new; a lock still taken
// after PlanLockWait makes it a no-op, with a warning.
func (s *Service) PlanOnce(ctx context.Context) (int, error) {
	if err := s.setup(); err != nil {
		return 0, err
	}
	if s.Locker != nil {
		passCtx, release, err := s.lockPlanner(ctx)
		if errors.Is(err, errPlannerBusy) {
			// Another instance's pass is running long, or a dead one's lock
			// has yet to expire: the next tick tries again.
			s.Logger.Warn("reminder planner lock still taken; skipping this pass", "waited", s.PlanLockWait)
			return 0, nil
		} else if err != nil {
			return 0, err
		}
		defer release()
		ctx = passCtx
	}
	now := s.Clock()
	in, err := LoadInput(ctx, s.Store, LoadOptions{Now: now, Zone: s.Zone, FormID: s.Dispatch.FormID,
		Forms: s.Forms, Channels: s.channels(), Catalog: s.Catalog})
	if err != nil {
		return 0, fmt.Errorf("load reminder input: %w", err)
	}
	return s.enqueue(ctx, Plan(in), now)
}

// lockPlanner takes the planner lock, waiting up to PlanLockWait, and
// returns the context the pass runs in and the release of both.
func (s *Service) lockPlanner(ctx context.Context) (context.Context, func(), error) {
	// The lock's ttl starts when it is taken, after this point, so a pass
	// cut off at this deadline ends before its lock can expire.
	passCtx, stop := context.WithTimeout(ctx, planLockTTL-planLockMargin)
	lockCtx, cancel := context.WithTimeout(passCtx, s.PlanLockWait)
	unlock, err := s.Locker.Lock(lockCtx, planLockKey, planLockTTL)
	cancel()
	switch {
	case err == nil:
		return passCtx, func() { unlock(); stop() }, nil
	case ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded):
		err = errPlannerBusy
	default:
		err = fmt.Errorf("planner lock: %w", err)
	}
	stop()
	return nil, nil, err
}

// enqueue stores due messages and wakes the dispatchers.
func (s *Service) enqueue(ctx context.Context, due []Due, now time.Time) (int, error) {
	if len(due) == 0 {
		return 0, nil
	}
	rows := make([]storage.OutboxMessage, len(due))
	for i, d := range due {
		rows[i] = d.Outbox(now)
	}
	n, err := s.Store.EnqueueOutbox(ctx, rows)
	if err != nil {
		return 0, err
	}
	s.Logger.Info("reminders queued", "due", len(due), "new", n)
	for range s.Workers {
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
	return n, nil
}

// channels lists the channels there is a sender for.
func (s *Service) channels() []string {
	out := make([]string, 0, len(s.Senders))
	for c := range s.Senders {
		out = append(out, c)
	}
	return out
}

// Dispatcher returns a dispatcher on the service's parts.
func (s *Service) Dispatcher(owner string) *Dispatcher {
	return &Dispatcher{Store: s.Store, Senders: s.Senders, Identities: s.Store, Submissions: s.Submissions,
		Forms: s.Forms, Clock: s.Clock, Zone: s.Zone, Logger: s.Logger, Owner: owner, Options: s.Dispatch}
}

// dispatchLoop sends until ctx ends, pausing when nothing is ready.
func (s *Service) dispatchLoop(ctx context.Context, owner string) {
	d := s.Dispatcher(owner)
	var recovered time.Time
	for ctx.Err() == nil {
		if now := s.Clock(); now.Sub(recovered) >= recoverEvery || now.Before(recovered) {
			if err := s.Store.RecoverOutbox(ctx, now); err != nil && ctx.Err() == nil {
				s.Logger.Warn("recover reminder outbox", "err", err)
			}
			recovered = now
		}
		n, err := d.DispatchOnce(ctx)
		if err != nil && ctx.Err() == nil {
			s.Logger.Error("dispatch reminders", "err", err)
		}
		if n > 0 && err == nil {
			continue
		}
		timer := time.NewTimer(s.IdleWait)
		select {
		case <-ctx.Done():
		case <-s.wake:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// instanceName names this process in claims: host, pid and a random tag.
func instanceName() string {
	host, _ := os.Hostname()
	var b [3]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%.20s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}
