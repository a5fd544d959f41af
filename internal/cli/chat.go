package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"treembot/bot/terminal"
	"treembot/internal/app"
	"treembot/locales"
	"treembot/storage"
)

// roleAliases lets people type the short names the README uses.
var roleAliases = map[string]string{
	"collaborator": storage.RoleCollaborator, "officer": storage.RoleCommuneOfficer,
	"commune_officer": storage.RoleCommuneOfficer, "official": storage.RoleOfficial, "admin": storage.RoleAdmin,
}

// cmdChat opens a chat in the terminal as a demo user. On an empty
// database it seeds the demo district first, so a newcomer's first
// `go run . chat` just works.
func cmdChat(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	fs.SetOutput(env.io.Err)
	as := fs.String("as", "collaborator", "who you are: collaborator, officer, official or admin")
	unit := fs.String("unit", "", "your unit's code (default: the first demo unit for the role)")
	lang := fs.String("lang", "", "language: vi or en (default BOT_DEFAULT_LANG)")
	now := fs.String("now", "", "pretend the time is this instant (RFC3339), e.g. 2025-05-08T08:00:00+07:00")
	if err := fs.Parse(args); err != nil {
		return err
	}
	role, ok := roleAliases[*as]
	if !ok {
		return fmt.Errorf("--as must be collaborator, officer, official or admin, not %q", *as)
	}
	a, err := openAppAt(ctx, env, *now)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := ensureDemo(ctx, a); err != nil {
		return err
	}
	user, err := a.Store.TerminalUser(ctx, role, strings.ToUpper(*unit))
	if errors.Is(err, storage.ErrNotFound) {
		return fmt.Errorf("no terminal user with role %s%s: run `treembot seed --demo` first", role, unitHint(*unit))
	} else if err != nil {
		return err
	}
	chatLang := locales.NormaliseLang(*lang, env.cfg.DefaultLang)
	if *lang != "" {
		if err := a.Store.SetUserLanguage(ctx, user.ID, chatLang); err != nil {
			return err
		}
	}
	term := terminal.New(terminal.Config{UserID: user.ExternalID, Name: user.Name, Lang: chatLang,
		In: env.io.In, Out: env.io.Out, Echo: !isTerminal(env.io.In), Prompt: promptFor(env.io.In),
		Catalog: a.Catalog})
	return term.Run(ctx, a.Router)
}

func unitHint(unit string) string {
	if unit == "" {
		return ""
	}
	return " in unit " + unit
}

// ensureDemo seeds the demo district when the database has no units yet.
func ensureDemo(ctx context.Context, a *app.App) error {
	units, err := a.Store.ListUnits(ctx, "")
	if err != nil {
		return err
	}
	if len(units) > 0 {
		return nil
	}
	a.Log.Info("empty database: adding the demo district")
	_, err = a.Store.SeedDemo(ctx, storage.DemoOptions{Now: a.Clock()})
	return err
}

// isTerminal reports whether r is an interactive terminal (not a pipe or file).
func isTerminal(r any) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func promptFor(r any) string {
	if isTerminal(r) {
		return "> "
	}
	return ""
}
