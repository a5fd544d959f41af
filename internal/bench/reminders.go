package bench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"runtime"
	"time"

	"treembot/internal/app"
	"treembot/internal/config"
	"treembot/internal/measure"
	"treembot/reminders"
	"treembot/storage"
	"treembot/storage/synth"
)

// remindersResult is what `bench reminders` prints.
type remindersResult struct {
	Collaborators int     `json:"collaborators"`
	Communes      int     `json:"communes"`
	Villages      int     `json:"villages"`
	Submitted     int     `json:"submitted"`
	PlanMS        float64 `json:"plan_ms"` // one planning pass: load from the database, then plan
	LoadMS        float64 `json:"load_ms"`
	PlanCPUMS     float64 `json:"plan_cpu_ms"` // CPU time of the pass, all threads: steadier on a busy machine
	LoadCPUMS     float64 `json:"load_cpu_ms"`
	EnqueueMS     float64 `json:"enqueue_ms"` // storing the planned messages in the outbox
	EnqueueCPUMS  float64 `json:"enqueue_cpu_ms"`
	PeakHeapMB    float64 `json:"peak_heap_mb"`
	Planned       int     `json:"planned"`
	Dispatched    int     `json:"dispatched"`
	DispatchPerS  float64 `json:"dispatch_per_s"`
	SendRate      int     `json:"send_rate"`      // the raised global rate (production: 30)
	APILatencyMS  float64 `json:"api_latency_ms"` // the fake Bot API's round trip
	Duplicates    int     `json:"duplicates"`
	Errors        int     `json:"errors"`
	FirstError    string  `json:"first_error,omitempty"`
	Database      string  `json:"database"`
	Sessions      string  `json:"sessions"`
}

// remindersOptions are the reminders bench's settings.
type remindersOptions struct {
	*benchFlags
	dispatch, rate int
	apiLatency     time.Duration // the fake Bot API's round trip
}

// benchReminders is `bench reminders`: a national tree (one collaborator
// per village, ten villages a commune, ten communes a district, an officer
// per commune, half of them submitted) is written to the database; one
// planning pass is timed with its peak heap, then messages go out through
// the Telegram adapter to a fake Bot API and duplicates are counted.
func benchReminders(ctx context.Context, env *Env, args []string) error {
	var o remindersOptions
	return runSpec(ctx, env, args, spec[*remindersResult]{
		name: "reminders", users: 100_000, quickUsers: 10_000, duration: 5 * time.Minute,
		flags: func(fs *flag.FlagSet, f *benchFlags) {
			o.benchFlags = f
			fs.IntVar(&o.dispatch, "dispatch", 10_000, "reminders to send through the fake Bot API")
			fs.IntVar(&o.rate, "rate", 1000, "global send rate, messages a second (Telegram allows 30)")
			fs.DurationVar(&o.apiLatency, "api-latency", 0, "delay every Bot API answer by this much (the real API's round trip is about 300ms)")
		},
		check: func() error {
			if o.quick && o.dispatch == 10_000 {
				o.dispatch = 1000
			}
			if o.dispatch <= 0 || o.rate <= 0 {
				return errors.New("--dispatch and --rate must be positive")
			}
			return nil
		},
		run: func(ctx context.Context, cfg config.Config) (*remindersResult, error) {
			return runRemindersBench(ctx, env, cfg, o)
		},
		verify: func(res *remindersResult) error {
			if res.Errors > 0 || res.Duplicates > 0 || res.Planned == 0 || res.Dispatched < min(o.dispatch, res.Planned) {
				return fmt.Errorf("%d errors, %d duplicates, %d planned, %d of %d dispatched",
					res.Errors, res.Duplicates, res.Planned, res.Dispatched, o.dispatch)
			}
			return nil
		},
	})
}

func runRemindersBench(ctx context.Context, env *Env, cfg config.Config, o remindersOptions) (*remindersResult, error) {
	a, clock, err := openApp(ctx, env, cfg)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	tree := benchTree{Tree: synth.Tree{Districts: max(1, o.users/100), Communes: 10, Villages: 10}, now: clock()}
	env.Log.Info("bench reminders: writing the tree", "villages", tree.VillageCount(), "communes", tree.CommuneCount())
	submitted, err := loadReminderTree(ctx, a, cfg, tree)
	if err != nil {
		return nil, err
	}
	db, sess := benchKind(cfg)
	res := &remindersResult{Collaborators: tree.VillageCount(), Communes: tree.CommuneCount(),
		Villages: tree.VillageCount(), Submitted: submitted, SendRate: o.rate, APILatencyMS: ms(o.apiLatency),
		Database: db, Sessions: sess}
	env.Log.Info("bench reminders: one planning pass")
	if err := planPass(ctx, a, res); err != nil {
		return nil, err
	}
	env.Log.Info("bench reminders: dispatching", "messages", min(o.dispatch, res.Planned), "rate", o.rate)
	if err := dispatchReminders(ctx, a, o, res); err != nil {
		return nil, err
	}
	return res, nil
}

// planPass times what the reminder service does every minute: load the
// input from the database and plan (the figure the issue bounds), then
// queue the result. The peak is the live heap over the whole pass.
func planPass(ctx context.Context, a *app.App, res *remindersResult) error {
	runtime.GC()
	stopPeak := measure.HeapPeak()
	now := a.Clock()
	t0, cpu0 := time.Now(), measure.CPU()
	in, err := reminders.LoadInput(ctx, a.Store, reminders.LoadOptions{Now: now, Zone: a.Cfg.Zone,
		Forms: app.ReminderChain(a.Forms), Channels: []string{"telegram"}, Catalog: a.Catalog})
	if err != nil {
		stopPeak()
		return fmt.Errorf("load reminder input: %w", err)
	}
	t1, cpu1 := time.Now(), measure.CPU()
	due := reminders.Plan(in)
	t2, cpu2 := time.Now(), measure.CPU()
	rows := make([]storage.OutboxMessage, len(due))
	for i, d := range due {
		rows[i] = d.Outbox(now)
	}
	_, err = a.Store.EnqueueOutbox(ctx, rows)
	t3, cpu3 := time.Now(), measure.CPU()
	res.PeakHeapMB = float64(stopPeak()*10>>20) / 10
	res.LoadMS, res.PlanMS, res.EnqueueMS = ms(t1.Sub(t0)), ms(t2.Sub(t0)), ms(t3.Sub(t2))
	res.LoadCPUMS, res.PlanCPUMS, res.EnqueueCPUMS = ms(cpu1-cpu0), ms(cpu2-cpu0), ms(cpu3-cpu2)
	res.Planned = len(due)
	if err != nil {
		return fmt.Errorf("enqueue reminders: %w", err)
	}
	return nil
}
