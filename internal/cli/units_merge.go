package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"treembot/locales"
	"treembot/storage"
)

// mergeUnits is `units merge --into NEW --from A,B,C --on DATE`.
func mergeUnits(ctx context.Context, env *cliEnv, st *storage.Store, args []string) error {
	fs := flag.NewFlagSet("units merge", flag.ContinueOnError)
	fs.SetOutput(env.io.Err)
	into := fs.String("into", "", "the unit the others become: an existing code, or a new one with --name and --parent")
	name := fs.String("name", "", "a new unit's name")
	parent := fs.String("parent", "", "a new unit's parent code")
	area := fs.String("area", "", "a new unit's area, rural or urban (default: the merged units' own)")
	from := fs.String("from", "", "the merged units' codes, comma-separated")
	on := fs.String("on", "", "the first day the merged unit reports for them (YYYY-MM-DD)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *into == "" || *from == "" || *on == "" {
		return errors.New("usage: units merge --into CODE [--name NAME --parent CODE] --from A,B --on YYYY-MM-DD")
	}
	day, err := parseDay("on", *on, env.cfg.Zone)
	if err != nil {
		return err
	}
	cat, err := locales.Load()
	if err != nil {
		return err
	}
	res, err := st.MergeUnits(ctx, storage.MergeRequest{Into: *into, Name: *name, Parent: *parent, Area: *area,
		From: strings.Split(*from, ","), On: day, Now: time.Now(), Notice: mergeNotice(cat, day, env.cfg.Zone)})
	if err != nil {
		return err
	}
	printMerge(env.io.Out, res, day)
	return nil
}

// mergeNotice renders the message a moved person gets.
func mergeNotice(cat *locales.Catalog, day time.Time, zone *time.Location) func(lang string, from, into storage.OrgUnit) string {
	return func(lang string, from, into storage.OrgUnit) string {
		return cat.T(lang, "units_merge_notice", map[string]any{"Old": from.Name, "Unit": into.Name,
			"Date": locales.FormatDate(day, zone)})
	}
}

func printMerge(w io.Writer, res *storage.MergeResult, day time.Time) {
	made := "into"
	if res.Created {
		made = "into the new unit"
	}
	fmt.Fprintf(w, "merged %s %s from %s: %d units moved under it, %d people (%d notices queued), %d unused invites, %d reports in progress\n",
		made, res.Into.Code, day.Format(time.DateOnly), res.Children, res.People, res.Notices, res.Invites, res.Drafts)
	for _, k := range res.Kept {
		if k.Before {
			fmt.Fprintf(w, "  kept: %s's %s report for %s is still %s's (the period ends before the merger) and can still be sent\n",
				k.Unit, k.Form, k.Period, k.Unit)
		} else {
			fmt.Fprintf(w, "  kept: %s's %s report for %s stays with %s and can no longer be sent: %s already has one\n",
				k.Unit, k.Form, k.Period, k.Unit, res.Into.Code)
		}
	}
}
