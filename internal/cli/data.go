package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"treembot/flows"
	"treembot/internal/app"
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
	st, err := app.OpenStore(ctx, env.cfg, env.log)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := app.SeedPlan(ctx, st, forms, env.cfg.Zone, time.Now()); err != nil {
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

// cmdUnits imports or lists org units.
func cmdUnits(ctx context.Context, env *cliEnv, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: units import FILE.csv | units list [--under CODE]")
	}
	st, err := app.OpenStore(ctx, env.cfg, env.log)
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "import":
		if len(args) != 2 {
			return errors.New("usage: units import FILE.csv (columns code,name,level,parent_code)")
		}
		return importUnits(ctx, st, args[1], env.io.Out)
	case "list":
		fs := flag.NewFlagSet("units list", flag.ContinueOnError)
		fs.SetOutput(env.io.Err)
		under := fs.String("under", "", "only this unit and what lies under it")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return listUnits(ctx, st, *under, env.io.Out)
	}
	return fmt.Errorf("unknown units subcommand %q (import or list)", args[0])
}

func importUnits(ctx context.Context, st *storage.Store, path string, out io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	res, err := st.ImportUnits(ctx, f)
	if err != nil {
		return fmt.Errorf("%s: %w (nothing was imported)", path, err)
	}
	fmt.Fprintf(out, "imported %s: %d created, %d updated, %d unchanged\n", path, res.Created, res.Updated, res.Unchanged)
	return nil
}

func listUnits(ctx context.Context, st *storage.Store, under string, out io.Writer) error {
	rows, err := st.ListUnits(ctx, under)
	if err != nil {
		return err
	}
	w := newSafeCSV(out)
	w.write("code", "name", "level", "parent_code")
	for _, r := range rows {
		w.write(r.Code, r.Name, r.Level, r.ParentCode)
	}
	return w.flush()
}
