package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"treembot/flows"
	"treembot/internal/app"
	"treembot/locales"
	"treembot/storage"
)

func cmdMigrate(ctx context.Context, env *cliEnv, _ []string) error {
	st, err := app.OpenStore(ctx, env.cfg, env.log)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintln(env.io.Out, "migrations applied")
	return nil
}

// cmdSeed loads the plan's facts; --demo adds the sample district.
func cmdSeed(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(env.io.Err)
	demo := fs.Bool("demo", false, "also add a demo district with communes, villages and users")
	if err := fs.Parse(args); err != nil {
		return err
	}
	forms, err := flows.LoadForms()
	if err != nil {
		return fmt.Errorf("load forms: %w", err)
	}
	cat, err := locales.Load()
	if err != nil {
		return err
	}
	st, err := app.OpenStore(ctx, env.cfg, env.log)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := app.SeedPlan(ctx, st, forms, cat, env.cfg.Zone, time.Now()); err != nil {
		return err
	}
	fmt.Fprintln(env.io.Out, "plan seeded: offices, indicators, targets, reporting periods 2025–2030")
	if !*demo {
		return nil
	}
	res, err := st.SeedDemo(ctx, storage.DemoOptions{Now: time.Now()})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.io.Out, "demo district seeded: %d units, %d users\n", res.Units, len(res.Users))
	return nil
}
