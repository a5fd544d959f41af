package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"treembot/flows"
	"treembot/internal/app"
	"treembot/storage"
)

// planUsage is the plan command's help.
const planUsage = `usage: plan parts | plan source PART FORM | plan offices |
       plan office-add CODE "VIETNAMESE NAME" ["ENGLISH NAME"] | plan office-rename CODE "VIETNAMESE NAME" ["ENGLISH NAME"] |
       plan owner INDICATOR OFFICE`

// cmdPlan shows and changes the plan's data an admin may adjust: which
// form each indicator part is computed from, the offices, and which
// office owns each indicator.
func cmdPlan(ctx context.Context, env *cliEnv, args []string) error {
	if len(args) == 0 {
		return errors.New(planUsage)
	}
	st, err := app.OpenStore(ctx, env.cfg, env.log)
	if err != nil {
		return err
	}
	defer st.Close()
	a := args[1:]
	switch {
	case args[0] == "parts" && len(a) == 0:
		return planParts(ctx, env, st)
	case args[0] == "source" && len(a) == 2:
		return planSource(ctx, env, st, a[0], a[1])
	case args[0] == "offices" && len(a) == 0:
		return planOffices(ctx, env, st)
	case args[0] == "office-add" && (len(a) == 2 || len(a) == 3):
		o, err := st.AddOffice(ctx, storage.Office{Code: a[0], NameVI: a[1], NameEN: at(a, 2)})
		if err == nil {
			fmt.Fprintf(env.io.Out, "office %s added: %s\n", o.Code, o.NameVI)
		}
		return err
	case args[0] == "office-rename" && (len(a) == 2 || len(a) == 3):
		return doneOr(env, st.RenameOffice(ctx, a[0], a[1], at(a, 2)), "office %s renamed\n", strings.ToUpper(a[0]))
	case args[0] == "owner" && len(a) == 2:
		return doneOr(env, st.SetIndicatorOwner(ctx, a[0], a[1]), "indicator %s now belongs to %s\n", a[0], strings.ToUpper(a[1]))
	}
	return errors.New(planUsage)
}

func at(a []string, i int) string {
	if i < len(a) {
		return a[i]
	}
	return ""
}

func doneOr(env *cliEnv, err error, format string, args ...any) error {
	if err == nil {
		fmt.Fprintf(env.io.Out, format, args...)
	}
	return err
}

// planParts lists each part with the form it is computed from and the
// office that owns its indicator.
func planParts(ctx context.Context, env *cliEnv, st *storage.Store) error {
	parts, err := st.IndicatorParts(ctx)
	if err != nil {
		return err
	}
	indicators, err := st.Indicators(ctx)
	if err != nil {
		return err
	}
	owner := map[string]string{}
	for _, i := range indicators {
		owner[i.Code] = i.OfficeCode
	}
	w := tabwriter.NewWriter(env.io.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "part\tsource form\towner\tnumerator / denominator")
	for _, p := range parts {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s / %s\n", p.Code, p.SourceForm, owner[p.IndicatorCode], p.NumeratorCode, p.DenominatorCode)
	}
	return w.Flush()
}

// planSource computes a part from another form, once the form is known
// to ask both the part's counts: a part whose counts its source never asks
// could never show a value.
func planSource(ctx context.Context, env *cliEnv, st *storage.Store, code, formID string) error {
	forms, err := flows.LoadForms()
	if err != nil {
		return fmt.Errorf("load forms: %w", err)
	}
	form := forms[formID]
	if form == nil {
		return fmt.Errorf("form %q is not one of the loaded forms", formID)
	}
	parts, err := st.IndicatorParts(ctx)
	if err != nil {
		return err
	}
	for _, p := range parts {
		if p.Code != code {
			continue
		}
		for _, c := range []string{p.NumeratorCode, p.DenominatorCode} {
			if c != "" && c != storage.DenominatorUnits && !asks(form, c) {
				return fmt.Errorf("form %s does not ask %s, which part %s needs", formID, c, code)
			}
		}
		return doneOr(env, st.SetPartSource(ctx, code, formID), "part %s is now computed from %s\n", code, formID)
	}
	return fmt.Errorf("part %q: %w", code, storage.ErrNotFound)
}

func asks(f *flows.Form, id string) bool {
	for _, s := range f.Sections {
		for _, q := range s.Questions {
			if q.ID == id {
				return true
			}
		}
	}
	return false
}

// planOffices lists the offices.
func planOffices(ctx context.Context, env *cliEnv, st *storage.Store) error {
	offices, err := st.Offices(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(env.io.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "code\tname\tname (en)")
	for _, o := range offices {
		fmt.Fprintf(w, "%s\t%s\t%s\n", o.Code, o.NameVI, o.NameEN)
	}
	return w.Flush()
}
