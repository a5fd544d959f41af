package bench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"time"

	"treembot/internal/app"
	"treembot/internal/config"
	"treembot/reports"
	"treembot/storage/bulk"
	"treembot/storage/synth"
)

// summaryResult is what `bench summary` prints.
type summaryResult struct {
	Units         int     `json:"units"`
	Elements      int     `json:"elements"`
	Periods       int     `json:"periods"`
	Values        int     `json:"values"`
	LoadS         float64 `json:"load_s"` // writing the tree (not measured against a target)
	Runs          int     `json:"runs"`
	ChangedPerRun int     `json:"changed_per_run"`
	TreeColdMS    float64 `json:"whole_tree_cold_ms"` // the first summary, nothing cached
	TreeP50       float64 `json:"whole_tree_p50_ms"`
	TreeP99       float64 `json:"whole_tree_p99_ms"`
	CommuneColdMS float64 `json:"commune_cold_ms"`
	CommuneP50    float64 `json:"commune_p50_ms"`
	CommuneP99    float64 `json:"commune_p99_ms"`
	// Correctness: the whole tree's summary must count exactly the
	// generated reports.
	ExpectedUnits     int    `json:"expected_units"`
	SubmittedExpected int    `json:"submitted_expected"`
	SubmittedReported int    `json:"submitted_reported"`
	Errors            int    `json:"errors"`
	FirstError        string `json:"first_error,omitempty"`
	Database          string `json:"database"`
	summaryExtra
}

// summaryOptions are the summary bench's settings.
type summaryOptions struct {
	*benchFlags
	runs, changed int
}

// benchSummary is `bench summary`: a province of about --users units (10
// districts, 10 communes each, villages sharing the rest), every village
// reporting 40 figures for each of 6 periods, is written to the database;
// then /summary's computation is timed for the whole province and for one
// commune, with a few reports changing before each run as they do near a
// deadline.
func benchSummary(ctx context.Context, env *Env, args []string) error {
	var o summaryOptions
	return runSpec(ctx, env, args, spec[*summaryResult]{
		name: "summary", users: 10_000, quickUsers: 500, duration: 5 * time.Minute,
		flags: func(fs *flag.FlagSet, f *benchFlags) {
			o.benchFlags = f
			fs.IntVar(&o.runs, "runs", 50, "timed summaries per scope")
			fs.IntVar(&o.changed, "changed", 20, "reports changed before each run")
		},
		check: func() error {
			if o.quick && o.runs == 50 {
				o.runs = 10
			}
			if o.runs <= 0 || o.changed < 0 || o.users < 111 {
				return errors.New("--runs must be positive, --changed not negative, --users at least 111")
			}
			return nil
		},
		run: func(ctx context.Context, cfg config.Config) (*summaryResult, error) {
			return runSummaryBench(ctx, env, cfg, o)
		},
		verify: func(res *summaryResult) error {
			if res.Errors > 0 || res.SubmittedReported != res.SubmittedExpected {
				return fmt.Errorf("%d errors; the summary counted %d submitted reports, %d were written",
					res.Errors, res.SubmittedReported, res.SubmittedExpected)
			}
			return nil
		},
	})
}

func runSummaryBench(ctx context.Context, env *Env, cfg config.Config, o summaryOptions) (*summaryResult, error) {
	a, clock, err := openApp(ctx, env, cfg)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	tree := benchTree{Tree: synth.Tree{Districts: 10, Communes: 10, Villages: max(1, (o.users-111+99)/100)}, now: clock()}
	gen, err := newProvince(ctx, a.Store, tree)
	if err != nil {
		return nil, err
	}
	env.Log.Info("bench summary: writing the province", "units", tree.Size(), "values", gen.Values())
	t0 := time.Now()
	if err := bulk.Load(ctx, bulkTarget(cfg), gen.Data(tree.now)); err != nil {
		return nil, err
	}
	db, _ := benchKind(cfg)
	res := &summaryResult{Units: tree.Size(), Elements: len(gen.Codes), Periods: len(gen.Periods),
		Values: gen.Values(), LoadS: float64(time.Since(t0).Milliseconds()) / 1000, Runs: o.runs,
		ChangedPerRun: o.changed, ExpectedUnits: tree.CommuneCount(), SubmittedExpected: gen.SubmittedLast(),
		Database: db}
	conn, err := bulk.Open(ctx, bulkTarget(cfg))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	env.Log.Info("bench summary: timing", "runs", o.runs)
	t := summaryTimer{a: a, conn: conn, gen: gen, now: tree.now, o: o, res: res}
	res.TreeColdMS, res.TreeP50, res.TreeP99 = t.time(ctx, benchProvinceID, true)
	res.CommuneColdMS, res.CommuneP50, res.CommuneP99 = t.time(ctx, uint(tree.CommuneID(0)), false)
	last := gen.Periods[len(gen.Periods)-1]
	env.Log.Info("bench summary: the province's Excel file and a fresh process's first summary")
	if res.summaryExtra, err = timeExtra(ctx, env, cfg, a, reports.Request{UnitID: benchProvinceID, Period: last.Code, Now: last.Deadline}); err != nil {
		t.fail(err)
	}
	return res, nil
}

// summaryTimer times summaries of one scope on a fresh reports service.
type summaryTimer struct {
	a     *app.App
	conn  *bulk.Conn
	gen   synth.Reports
	now   time.Time // when the tree was written
	o     summaryOptions
	res   *summaryResult
	round int
}

// time returns the first (cold) summary's time and the p50 and p99 of the
// following runs, each after o.changed reports changed; check compares the
// whole tree's completeness with what was generated.
func (t *summaryTimer) time(ctx context.Context, unit uint, check bool) (cold, p50, p99 float64) {
	svc, err := reports.New(reports.Config{Source: t.a.Store, Zone: t.a.Cfg.Zone, Forms: app.LoadReportForms()})
	if err != nil {
		t.fail(err)
		return 0, 0, 0
	}
	last := t.gen.Periods[len(t.gen.Periods)-1]
	req := reports.Request{UnitID: unit, Period: last.Code, Now: last.Deadline}
	var took []time.Duration
	for i := 0; i <= t.o.runs && ctx.Err() == nil; i++ {
		if i > 0 {
			t.round++
			if err := t.gen.Touch(ctx, t.conn, t.now, t.round, t.o.changed); err != nil {
				t.fail(err)
				break
			}
		}
		t0 := time.Now()
		sum, err := svc.Summary(ctx, req)
		took = append(took, time.Since(t0))
		if err != nil {
			t.fail(err)
			break
		}
		if check && i == 0 {
			t.res.SubmittedReported = sum.Completeness.Submitted()
			if sum.Completeness.Expected != t.res.ExpectedUnits {
				t.fail(fmt.Errorf("summary expects %d communes, the tree has %d", sum.Completeness.Expected, t.res.ExpectedUnits))
			}
		}
	}
	if len(took) == 0 {
		return 0, 0, 0
	}
	warm := slices.Clone(took[1:])
	slices.Sort(warm)
	return ms(took[0]), percentile(warm, 50), percentile(warm, 99)
}

func (t *summaryTimer) fail(err error) {
	t.res.Errors++
	t.res.FirstError = firstOf(t.res.FirstError, err.Error())
}

// summaryPeriods is how many periods of history the province has.
const summaryPeriods = 6

// summaryElements is how many figures each report holds.
const summaryElements = 40
