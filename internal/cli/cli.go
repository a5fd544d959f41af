package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"treembot/internal/app"
	"treembot/internal/config"
)

// Stdio is where a command reads and writes; tests pass buffers.
type Stdio struct {
	In       io.Reader
	Out, Err io.Writer
}

// cliCommand is one entry of the CLI's command table.
type cliCommand struct {
	name  string
	usage string
	run   func(ctx context.Context, env *cliEnv, args []string) error
}

// cliEnv is what every command gets.
type cliEnv struct {
	cfg    config.Config
	log    *slog.Logger
	io     Stdio
	getenv func(string) string // for parts that read their own settings
}

func cliCommands() []cliCommand {
	return []cliCommand{
		{"serve", "serve [--now RFC3339]            run the bot (Telegram when TELEGRAM_TOKEN is set)", cmdServe},
		{"chat", "chat [--as ROLE] [--unit CODE] [--lang vi|en] [--now RFC3339]   chat in the terminal", cmdChat},
		{"migrate", "migrate                         apply database migrations", cmdMigrate},
		{"seed", "seed [--demo]                   load the plan's facts (and a demo district)", cmdSeed},
		{"units", "units import FILE.csv | list [--under CODE] | merge --into CODE --from A,B --on DATE | rename CODE --name NAME | close CODE --on DATE", cmdUnits},
		{"invite", "invite --role ROLE --unit CODE [--office CODE] [--count N] [--expires 30d] [--qr DIR]", cmdInvite},
		{"export", "export [--period CODE] [--format csv|xlsx] [--unit CODE] [--out FILE]", cmdExport},
		{"chart", "chart INDICATOR [--period CODE] [--unit CODE] [--lang vi|en] --out FILE.png   bar chart by unit", cmdChart},
		{"document", "document [--period CODE] [--unit CODE] [--format docx|pdf] [--lang vi|en] [--out FILE]   the report to sign", cmdDocument},
		{"reminders", "reminders plan [--at RFC3339] [--period CODE] | reminders status | reminders rules", cmdReminders},
		{"plan", "plan parts | plan source PART FORM | plan offices | plan office-add|office-rename CODE NAME [NAME_EN] | plan owner INDICATOR OFFICE", cmdPlan},
		{"user", "user list --unit CODE | user deactivate --unit CODE --name NAME | --id N | user move --id N --unit CODE", cmdUser},
		{"bench", "bench webhook|summary|reminders [--quick] [--users N] [--duration D]   load benchmarks (JSON last)", cmdBench},
	}
}

// Run runs the command args names and returns the process's exit code: 0
// when it succeeded, 1 when it failed, 2 for a usage or configuration error.
func Run(ctx context.Context, args []string, std Stdio, getenv func(string) string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(std.Out)
		return 0
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintf(std.Err, "configuration: %v\n", err)
		return 2
	}
	if args[0] == "chat" && getenv("LOG_LEVEL") == "" {
		// The terminal is the person's screen: only problems go there.
		cfg.LogLevel = "warn"
	}
	logger := newLogger(cfg, std.Err)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	for _, c := range cliCommands() {
		if c.name == args[0] {
			if err := c.run(ctx, &cliEnv{cfg: cfg, log: logger, io: std, getenv: getenv}, args[1:]); err != nil {
				fmt.Fprintf(std.Err, "treembot %s: %v\n", c.name, err)
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(std.Err, "treembot: unknown command %q\n\n", args[0])
	printUsage(std.Err)
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: treembot COMMAND [flags]\n\ncommands:")
	for _, c := range cliCommands() {
		fmt.Fprintln(w, "  "+c.usage)
	}
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	level, _ := config.ParseLogLevel(cfg.LogLevel)
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openAppAt is app.Open on the wall clock, or on a clock pinned at the
// --now flag's value.
func openAppAt(ctx context.Context, env *cliEnv, now string) (*app.App, error) {
	clock, err := app.ClockFrom(now)
	if err != nil {
		return nil, err
	}
	return app.Open(ctx, env.cfg, env.log, clock)
}
