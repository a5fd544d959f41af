package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"

	"treembot/internal/app"
	"treembot/internal/config"
	"treembot/storage/bulk"
	"treembot/storage/sessions"
)

// benchNow is the instant every bench pretends it is: the 2025 six-month
// period is open and its deadline (15 May) a week away, the busiest days.
const benchNow = "2025-05-08T08:00:00+07:00"

// Env is what a bench gets from the command line.
type Env struct {
	Cfg      config.Config
	Log      *slog.Logger
	Out, Err io.Writer
}

// Run runs one load benchmark against the configured database and
// session store (each bench makes and removes its own database and key
// prefix) and prints its figures as one JSON line, last.
func Run(ctx context.Context, env *Env, args []string) error {
	benches := map[string]func(context.Context, *Env, []string) error{
		"webhook":   benchWebhook,
		"summary":   benchSummary,
		"reminders": benchReminders,
	}
	if len(args) == 0 || benches[args[0]] == nil {
		return errors.New("usage: bench webhook|summary|reminders [--quick] [--users N] [--duration D] (see bench NAME -h)")
	}
	return benches[args[0]](ctx, env, args[1:])
}

// benchFlags are the flags every bench takes.
type benchFlags struct {
	quick      bool
	users      int
	duration   time.Duration
	cpuProfile string
	memProfile string
	stop       func() // ends the profiles; parseBench sets it
}

// newBenchFlags registers the common flags on fs with the bench's defaults.
func newBenchFlags(fs *flag.FlagSet, users int, duration time.Duration) *benchFlags {
	f := &benchFlags{}
	fs.BoolVar(&f.quick, "quick", false, "small sizes that finish in under a minute (CI smoke test)")
	fs.IntVar(&f.users, "users", users, "simulated people")
	fs.DurationVar(&f.duration, "duration", duration, "stop the measured load after this long")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to this file (go tool pprof)")
	fs.StringVar(&f.memProfile, "memprofile", "", "write an allocation profile of the whole run to this file")
	return f
}

// parseBench parses args and, with --quick, lowers the users to quickUsers
// unless --users was given.
func parseBench(fs *flag.FlagSet, f *benchFlags, args []string, quickUsers int) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	set := false
	fs.Visit(func(fl *flag.Flag) { set = set || fl.Name == "users" })
	if f.quick && !set {
		f.users = quickUsers
	}
	if f.users <= 0 || f.duration <= 0 {
		return errors.New("--users and --duration must be positive")
	}
	f.stop = func() {}
	if f.cpuProfile != "" {
		out, err := os.Create(f.cpuProfile)
		if err != nil {
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(out); err != nil {
			out.Close()
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		f.stop = func() {
			pprof.StopCPUProfile()
			out.Close()
		}
	}
	if f.memProfile != "" {
		stopCPU := f.stop
		f.stop = func() {
			stopCPU()
			if out, err := os.Create(f.memProfile); err == nil {
				_ = pprof.Lookup("allocs").WriteTo(out, 0)
				out.Close()
			}
		}
	}
	return nil
}

// spec is one bench: its defaults, its own flags and checks, what it
// measures and what must hold of the result (it is printed either way).
type spec[R any] struct {
	name              string
	users, quickUsers int
	duration          time.Duration
	flags             func(fs *flag.FlagSet, common *benchFlags)
	check             func() error
	run               func(ctx context.Context, cfg config.Config) (R, error)
	verify            func(R) error
}

// runSpec parses args for s, gives s a database and key prefix of its
// own (removed afterwards), runs it and prints its result as the one JSON
// line that ends the output, then verifies it.
func runSpec[R any](ctx context.Context, env *Env, args []string, s spec[R]) error {
	fs := flag.NewFlagSet("bench "+s.name, flag.ContinueOnError)
	fs.SetOutput(env.Err)
	f := newBenchFlags(fs, s.users, s.duration)
	s.flags(fs, f)
	if err := parseBench(fs, f, args, s.quickUsers); err != nil {
		return err
	}
	defer f.stop()
	if err := s.check(); err != nil {
		return err
	}
	cfg, cleanup, err := benchStores(ctx, env.Cfg)
	if err != nil {
		return err
	}
	defer cleanup()
	res, err := s.run(ctx, cfg)
	if err != nil {
		return err
	}
	if err := json.NewEncoder(env.Out).Encode(res); err != nil {
		return err
	}
	return s.verify(res)
}

// benchStores points cfg at a database and a Redis key prefix made for
// this run only; cleanup drops them whatever happened. With PostgreSQL the
// database is created next to DATABASE_URL's (through the "postgres"
// database); with SQLite it is a file in a temporary directory.
func benchStores(ctx context.Context, cfg config.Config) (config.Config, func(), error) {
	name := "treembot_bench_" + randomHex(6)
	var cleanups []func()
	cleanup := func() {
		for _, c := range slices.Backward(cleanups) {
			c()
		}
	}
	if cfg.DatabaseURL == "" {
		dir, err := os.MkdirTemp("", name)
		if err != nil {
			return cfg, nil, fmt.Errorf("bench database: %w", err)
		}
		cleanups = append(cleanups, func() { _ = os.RemoveAll(dir) })
		cfg.SQLitePath = filepath.Join(dir, "bench.db")
	} else {
		dbURL, drop, err := createBenchDatabase(ctx, cfg.DatabaseURL, name)
		if err != nil {
			return cfg, nil, err
		}
		cleanups = append(cleanups, drop)
		cfg.DatabaseURL = dbURL
	}
	if cfg.RedisURL != "" {
		cfg.RedisPrefix += "bench:" + name + ":"
		prefix, redisURL := cfg.RedisPrefix, cfg.RedisURL
		cleanups = append(cleanups, func() { deleteRedisPrefix(redisURL, prefix) })
	}
	return cfg, cleanup, nil
}

// createBenchDatabase creates database name on the server of base and
// returns its URL and the function that drops it.
func createBenchDatabase(ctx context.Context, base, name string) (string, func(), error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, errors.New("DATABASE_URL is not a valid URL")
	}
	admin := *u
	admin.Path = "/postgres"
	exec := func(ctx context.Context, sql string) error {
		conn, err := pgx.Connect(ctx, admin.String())
		if err != nil {
			return fmt.Errorf("connect to the postgres database: %w", err)
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("create bench database: %w", err)
	}
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "bench: drop database %s: %v\n", name, err)
		}
	}
	u.Path = "/" + name
	// A schema chosen for the base database (tests use one each) does not
	// exist in the new one.
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// deleteRedisPrefix removes every key a bench wrote under prefix.
func deleteRedisPrefix(redisURL, prefix string) {
	opts, err := sessions.ParseRedisURL(redisURL)
	if err != nil {
		return
	}
	client := redis.NewClient(opts)
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	iter := client.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	var batch []string
	for iter.Next(ctx) {
		if batch = append(batch, iter.Val()); len(batch) == 500 {
			client.Del(ctx, batch...)
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		client.Del(ctx, batch...)
	}
	if err := iter.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "bench: clean up redis keys: %v\n", err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// benchKind names the database and session store in the JSON output.
func benchKind(cfg config.Config) (db, sess string) {
	db, sess = "sqlite", "memory"
	if cfg.DatabaseURL != "" {
		db = "postgres"
	}
	if cfg.RedisURL != "" {
		sess = "redis"
	}
	return db, sess
}

// bulkTarget is cfg's database for the bulk loader.
func bulkTarget(cfg config.Config) bulk.Target {
	return bulk.Target{PostgresURL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath}
}

// openApp opens the application a bench runs against, on the bench's
// fixed clock (benchNow), which it also returns.
func openApp(ctx context.Context, env *Env, cfg config.Config) (*app.App, func() time.Time, error) {
	clock, err := app.ClockFrom(benchNow)
	if err != nil {
		return nil, nil, err
	}
	a, err := app.Open(ctx, cfg, env.Log, clock)
	if err != nil {
		return nil, nil, err
	}
	return a, clock, nil
}
