package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"treembot/flows"
	"treembot/internal/app"
	"treembot/storage"
)

// planUsage is the plan command's help.
const planUsage = `usage: plan parts | plan source PART FORM | plan offices |
       plan office-add CODE "VIETNAMESE NAME" ["ENGLISH NAME"] | plan office-rename CODE "VIETNAMESE NAME" ["ENGLISH NAME"] |
       plan owner INDICATOR OFFICE | plan sensitive | plan sensitive ELEMENT on|off [BELOW]`

// cmdPlan shows and changes the plan's data an admin may adjust: which
// form each indicator part is computed from, the offices, and which
// office owns each indicator, and which counts are sensitive.
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
	case args[0] == "sensitive" && len(a) == 0:
		return planSensitiveList(ctx, env, st)
	case args[0] == "sensitive" && (len(a) == 2 || len(a) == 3):
		return planSensitive(ctx, env, st, a)
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

// planSensitiveList lists the elements whose small counts are hidden.
func planSensitiveList(ctx context.Context, env *cliEnv, st *storage.Store) error {
	elements, err := st.DataElements(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(env.io.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "element\thidden from 1 to\tlabel")
	for _, e := range elements {
		if e.Sensitive {
			fmt.Fprintf(w, "%s\t%d\t%s\n", e.Code, e.SuppressBelow-1, e.LabelEN)
		}
	}
	return w.Flush()
}

// planSensitive turns hiding an element's small counts on or off, with
// an optional threshold: "plan sensitive abuse_cases on 10" hides 1 to 9.
func planSensitive(ctx context.Context, env *cliEnv, st *storage.Store, a []string) error {
	on := map[string]bool{"on": true, "off": false}
	sensitive, ok := on[strings.ToLower(a[1])]
	if !ok {
		return fmt.Errorf("plan sensitive %s: say on or off, not %q", a[0], a[1])
	}
	below := 0
	if len(a) == 3 {
		n, err := strconv.Atoi(a[2])
		if err != nil || n < 2 {
			return fmt.Errorf("plan sensitive %s: BELOW must be a whole number of 2 or more, not %q", a[0], a[2])
		}
		below = n
	}
	if err := st.SetSensitive(ctx, a[0], sensitive, below); err != nil {
		return err
	}
	if sensitive {
		fmt.Fprintf(env.io.Out, "small counts of %s are now hidden (see plan sensitive for the threshold)\n", a[0])
	} else {
		fmt.Fprintf(env.io.Out, "counts of %s are now shown as they are\n", a[0])
	}
	return nil
}
