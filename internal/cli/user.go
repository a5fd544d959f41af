package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"treembot/internal/app"
	"treembot/storage"
)

// cmdUser administers people: list a unit's people, deactivate someone who
// left, move someone who changed commune. What they entered stays in the
// database, attributed to them.
func cmdUser(ctx context.Context, env *cliEnv, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: user list --unit CODE | user deactivate --unit CODE --name NAME | user deactivate --id N | user move --id N --unit CODE")
	}
	st, err := app.OpenStore(ctx, env.cfg, env.log)
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "list":
		return userList(ctx, env, st, args[1:])
	case "deactivate":
		return userDeactivate(ctx, env, st, args[1:])
	case "move":
		return userMove(ctx, env, st, args[1:])
	}
	return fmt.Errorf("unknown user command %q: use list, deactivate or move", args[0])
}

// userFlags parses the flags every user subcommand shares.
type userFlags struct {
	unit, name string
	id         uint
}

func parseUserFlags(env *cliEnv, name string, args []string) (userFlags, error) {
	fs := flag.NewFlagSet("user "+name, flag.ContinueOnError)
	fs.SetOutput(env.io.Err)
	var f userFlags
	fs.StringVar(&f.unit, "unit", "", "the unit's code, e.g. VQ-XL-01")
	fs.StringVar(&f.name, "name", "", "the person's name as the bot knows it")
	fs.UintVar(&f.id, "id", 0, "the person's number (see `treembot user list`)")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	f.unit = strings.ToUpper(strings.TrimSpace(f.unit))
	return f, nil
}

func userList(ctx context.Context, env *cliEnv, st *storage.Store, args []string) error {
	f, err := parseUserFlags(env, "list", args)
	if err != nil {
		return err
	}
	if f.unit == "" {
		return errors.New("user list needs --unit CODE")
	}
	rows, err := st.UsersOfUnit(ctx, f.unit, f.name)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(env.io.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tROLE\tUNIT\tACTIVE\tCHAT ACCOUNTS")
	for _, r := range rows {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%t\t%d\n", r.ID, r.Name, r.Role, r.UnitCode, r.Active, r.Identities)
	}
	return w.Flush()
}

// userDeactivate finds the person by --id, or by --unit and --name.
func userDeactivate(ctx context.Context, env *cliEnv, st *storage.Store, args []string) error {
	f, err := parseUserFlags(env, "deactivate", args)
	if err != nil {
		return err
	}
	id := f.id
	switch {
	case id != 0 && f.name != "":
		return errors.New("give either --id or --unit with --name, not both")
	case id == 0 && (f.unit == "" || f.name == ""):
		return errors.New("user deactivate needs --id N, or --unit CODE with --name NAME")
	case id == 0:
		row, err := st.UserByName(ctx, f.unit, f.name)
		if errors.Is(err, storage.ErrAmbiguous) {
			return fmt.Errorf("%w: run `treembot user list --unit %s` and use --id", err, f.unit)
		} else if err != nil {
			return err
		}
		id = row.ID
	}
	u, err := st.DeactivateUser(ctx, id, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.io.Out, "deactivated %d %s (%s); their submissions stay attributed to them\n", u.ID, u.Name, u.Role)
	return nil
}

func userMove(ctx context.Context, env *cliEnv, st *storage.Store, args []string) error {
	f, err := parseUserFlags(env, "move", args)
	if err != nil {
		return err
	}
	if f.id == 0 || f.unit == "" {
		return errors.New("user move needs --id N and --unit CODE")
	}
	u, err := st.MoveUser(ctx, f.id, f.unit, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.io.Out, "moved %d %s to %s; what they sent before stays with their old unit\n", u.ID, u.Name, f.unit)
	return nil
}
