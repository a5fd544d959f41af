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
	"treembot/reminders"
	"treembot/storage"
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
	fs := flag.NewFlagSet("bench reminders", flag.ContinueOnError)
	fs.SetOutput(env.Err)
	o := remindersOptions{benchFlags: newBenchFlags(fs, 100_000, 5*time.Minute)}
	fs.IntVar(&o.dispatch, "dispatch", 10_000, "reminders to send through the fake Bot API")
	fs.IntVar(&o.rate, "rate", 1000, "global send rate, messages a second (Telegram allows 30)")
	fs.DurationVar(&o.apiLatency, "api-latency", 0, "delay every Bot API answer by this much (the real API's round trip is about 300ms)")
	if err := parseBench(fs, o.benchFlags, args, 10_000); err != nil {
		return err
	}
	defer o.stop()
	if o.quick && o.dispatch == 10_000 {
		o.dispatch = 1000
	}
	if o.dispatch <= 0 || o.rate <= 0 {
		return errors.New("--dispatch and --rate must be positive")
	}
	cfg, cleanup, err := benchStores(ctx, env.Cfg)
	if err != nil {
		return err
	}
	defer cleanup()
	res, err := runRemindersBench(ctx, env, cfg, o)
	if err != nil {
		return err
	}
	if err := printResult(env, res); err != nil {
		return err
	}
	if res.Errors > 0 || res.Duplicates > 0 || res.Planned == 0 || res.Dispatched < min(o.dispatch, res.Planned) {
		return fmt.Errorf("%d errors, %d duplicates, %d planned, %d of %d dispatched",
			res.Errors, res.Duplicates, res.Planned, res.Dispatched, o.dispatch)
	}
	return nil
}

func runRemindersBench(ctx context.Context, env *Env, cfg config.Config, o remindersOptions) (*remindersResult, error) {
	clock, err := app.ClockFrom(benchNow)
	if err != nil {
		return nil, err
	}
	a, err := app.Open(ctx, cfg, env.Log, clock)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	tree := benchTree{districts: max(1, o.users/100), communes: 10, villages: 10, now: clock()}
	env.Log.Info("bench reminders: writing the tree", "villages", tree.villageCount(), "communes", tree.communeCount())
	submitted, err := loadReminderTree(ctx, a, cfg, tree)
	if err != nil {
		return nil, err
	}
	db, sess := benchKind(cfg)
	res := &remindersResult{Collaborators: tree.villageCount(), Communes: tree.communeCount(),
		Villages: tree.villageCount(), Submitted: submitted, SendRate: o.rate, APILatencyMS: ms(o.apiLatency),
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
	stopPeak := heapPeak()
	now := a.Clock()
	t0, cpu0 := time.Now(), processCPU()
	in, err := reminders.LoadInput(ctx, a.Store, reminders.LoadOptions{Now: now, Zone: a.Cfg.Zone,
		Forms: app.ReminderChain(a.Forms), Channels: []string{"telegram"}, Catalog: a.Catalog})
	if err != nil {
		stopPeak()
		return fmt.Errorf("load reminder input: %w", err)
	}
	t1, cpu1 := time.Now(), processCPU()
	due := reminders.Plan(in)
	t2, cpu2 := time.Now(), processCPU()
	rows := make([]storage.OutboxMessage, len(due))
	for i, d := range due {
		rows[i] = d.Outbox(now)
	}
	_, err = a.Store.EnqueueOutbox(ctx, rows)
	t3, cpu3 := time.Now(), processCPU()
	res.PeakHeapMB = float64(stopPeak()*10>>20) / 10
	res.LoadMS, res.PlanMS, res.EnqueueMS = ms(t1.Sub(t0)), ms(t2.Sub(t0)), ms(t3.Sub(t2))
	res.LoadCPUMS, res.PlanCPUMS, res.EnqueueCPUMS = ms(cpu1-cpu0), ms(cpu2-cpu0), ms(cpu3-cpu2)
	res.Planned = len(due)
	if err != nil {
		return fmt.Errorf("enqueue reminders: %w", err)
	}
	return nil
}
