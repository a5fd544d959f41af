package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"treembot/internal/app"
	"treembot/storage"
)

const unitsUsage = "usage: units import FILE.csv | units list [--under CODE] | " +
	"units merge --into CODE [--name NAME --parent CODE [--area rural|urban]] --from A,B --on YYYY-MM-DD | " +
	"units rename CODE --name NAME | units close CODE --on YYYY-MM-DD"

// cmdUnits imports, lists, merges, renames or closes org units.
func cmdUnits(ctx context.Context, env *cliEnv, args []string) error {
	if len(args) == 0 {
		return errors.New(unitsUsage)
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
	case "merge":
		return mergeUnits(ctx, env, st, args[1:])
	case "rename":
		return renameUnit(ctx, env, st, args[1:])
	case "close":
		return closeUnit(ctx, env, st, args[1:])
	}
	return fmt.Errorf("unknown units subcommand %q (import, list, merge, rename or close)", args[0])
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

// parseDay reads a YYYY-MM-DD day as its 00:00 in zone.
func parseDay(flagName, s string, zone *time.Location) (time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), zone)
	if err != nil {
		return time.Time{}, fmt.Errorf("--%s %q: want a day as YYYY-MM-DD", flagName, s)
	}
	return d, nil
}

// unitArg splits a subcommand's leading CODE from its flags.
func unitArg(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

// renameUnit is `units rename CODE --name NAME`.
func renameUnit(ctx context.Context, env *cliEnv, st *storage.Store, args []string) error {
	code, args := unitArg(args)
	fs := flag.NewFlagSet("units rename", flag.ContinueOnError)
	fs.SetOutput(env.io.Err)
	name := fs.String("name", "", "the unit's new name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if code == "" || *name == "" {
		return errors.New("usage: units rename CODE --name NAME")
	}
	u, err := st.RenameUnit(ctx, code, *name, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.io.Out, "renamed %s: %s\n", u.Code, u.Name)
	return nil
}

// closeUnit is `units close CODE --on DATE`.
func closeUnit(ctx context.Context, env *cliEnv, st *storage.Store, args []string) error {
	code, args := unitArg(args)
	fs := flag.NewFlagSet("units close", flag.ContinueOnError)
	fs.SetOutput(env.io.Err)
	on := fs.String("on", "", "the first day the unit takes no reports (YYYY-MM-DD)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if code == "" || *on == "" {
		return errors.New("usage: units close CODE --on YYYY-MM-DD")
	}
	day, err := parseDay("on", *on, env.cfg.Zone)
	if err != nil {
		return err
	}
	u, err := st.CloseUnit(ctx, code, day, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.io.Out, "closed %s from %s: it keeps the periods that end before that day\n", u.Code, day.Format(time.DateOnly))
	return nil
}
