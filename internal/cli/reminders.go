package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"treembot/bot/chatmsg"
	"treembot/flows"
	"treembot/internal/app"
	"treembot/locales"
	"treembot/reminders"
	"treembot/storage"
)

const remindersUsage = "usage: reminders plan [--at RFC3339] [--period CODE] | reminders status | reminders rules"

// cmdReminders shows what the reminder planner would send and what the
// outbox holds, without sending anything.
func cmdReminders(ctx context.Context, env *cliEnv, args []string) error {
	if len(args) == 0 {
		return errors.New(remindersUsage)
	}
	switch args[0] {
	case "plan":
		return remindersPlan(ctx, env, args[1:])
	case "status":
		return withStore(ctx, env, func(st *storage.Store) error { return remindersStatus(ctx, st, env.io.Out) })
	case "rules":
		return withStore(ctx, env, func(st *storage.Store) error { return remindersRules(ctx, st, env.io.Out) })
	}
	return fmt.Errorf("unknown reminders subcommand %q (%s)", args[0], remindersUsage)
}

func withStore(ctx context.Context, env *cliEnv, f func(st *storage.Store) error) error {
	st, err := app.OpenStore(ctx, env.cfg, env.log)
	if err != nil {
		return err
	}
	defer st.Close()
	return f(st)
}

// remindersPlan prints who would get which reminder at --at, and the text.
func remindersPlan(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("reminders plan", flag.ContinueOnError)
	fs.SetOutput(env.io.Err)
	atFlag := fs.String("at", "", "the instant to plan for, e.g. 2025-05-08T08:00:00+07:00 (default: now)")
	period := fs.String("period", "", "only this period, e.g. 2025-H1")
	if err := fs.Parse(args); err != nil {
		return err
	}
	at := time.Now()
	if *atFlag != "" {
		t, err := time.Parse(time.RFC3339, *atFlag)
		if err != nil {
			return errors.New("--at must look like 2025-05-08T08:00:00+07:00")
		}
		at = t
	}
	cat, err := locales.Load()
	forms, ferr := flows.LoadForms()
	if err = errors.Join(err, ferr); err != nil {
		return err
	}
	return withStore(ctx, env, func(st *storage.Store) error {
		opts := reminders.LoadOptions{Now: at, Zone: env.cfg.Zone, Forms: app.ReminderChain(forms),
			Period: strings.ToUpper(*period), Catalog: cat}
		in, err := reminders.LoadInput(ctx, st, opts)
		if err != nil {
			return err
		}
		due := reminders.Plan(in)
		printPlan(env.io.Out, due, at, env.cfg.Zone)
		if len(due) > 0 {
			return nil
		}
		opts.Everything, opts.Catalog = true, nil
		if in, err = reminders.LoadInput(ctx, st, opts); err != nil {
			return err
		}
		printNext(env.io.Out, reminders.Upcoming(in, at.AddDate(0, 2, 0)), env.cfg.Zone)
		return nil
	})
}

func printPlan(w io.Writer, due []reminders.Due, at time.Time, zone *time.Location) {
	fmt.Fprintf(w, "Reminders due at %s (%s): %d message(s); nothing is sent.\n",
		locales.FormatDateTime(at, zone), zone, len(due))
	for i, d := range due {
		fmt.Fprintf(w, "\n[%d] %s · %s · %s · %s:%s (%s)\n", i+1, d.Name, d.Role, d.UnitName, d.Channel, d.ExternalID, d.Lang)
		fmt.Fprintf(w, "    rule %s (%s) · period %s · key %s\n", d.Rule, d.Kind, d.PeriodCode, d.Key)
		for line := range strings.SplitSeq(d.Text, "\n") {
			fmt.Fprintf(w, "    | %s\n", line)
		}
		if d.Button != nil {
			fmt.Fprintf(w, "    [%s] → %s\n", d.Button.Label, d.Button.Data)
		}
	}
}

// printNext tells an admin who planned an empty instant when the next
// reminders go out.
func printNext(w io.Writer, next []chatmsg.UpcomingReminder, zone *time.Location) {
	if len(next) == 0 {
		fmt.Fprintln(w, "No reminder is planned in the two months after that.")
		return
	}
	fmt.Fprintln(w, "Next planned (sending hours apply; recipients as things stand):")
	for i, u := range next {
		if i == 5 {
			break
		}
		fmt.Fprintf(w, "  %s  %-14s %-8s %d recipient(s)\n", locales.FormatDateTime(u.At, zone), u.Rule, u.Period, u.Recipients)
	}
}

// remindersStatus prints the outbox by rule and status.
func remindersStatus(ctx context.Context, st *storage.Store, w io.Writer) error {
	counts, err := st.OutboxCounts(ctx)
	if err != nil {
		return err
	}
	statuses := []string{storage.OutboxQueued, storage.OutboxClaimed, storage.OutboxSending, storage.OutboxSent,
		storage.OutboxFailed, storage.OutboxExpired, storage.OutboxCancelled}
	byRule := map[string]map[string]int{}
	var rules []string
	for _, c := range counts {
		if byRule[c.RuleCode] == nil {
			byRule[c.RuleCode] = map[string]int{}
			rules = append(rules, c.RuleCode)
		}
		byRule[c.RuleCode][c.Status] += c.Count
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rule\t"+strings.Join(statuses, "\t")+"\ttotal\t")
	totals := map[string]int{}
	for _, r := range append(rules, "all") {
		row := byRule[r]
		if r == "all" {
			row = totals
		}
		sum := 0
		fmt.Fprint(tw, r)
		for _, s := range statuses {
			fmt.Fprintf(tw, "\t%d", row[s])
			sum += row[s]
			if r != "all" {
				totals[s] += row[s]
			}
		}
		fmt.Fprintf(tw, "\t%d\t\n", sum)
	}
	return tw.Flush()
}

// remindersRules prints the rules as stored.
func remindersRules(ctx context.Context, st *storage.Store, w io.Writer) error {
	rules, err := st.ReminderRules(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "code\tkind\toffset_days\trepeat_days\tsend_from\tsend_until\toffices\tactive")
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%s\t%v\n", r.Code, r.Kind, r.OffsetDays, r.RepeatDays,
			r.SendFrom, r.SendUntil, r.OfficeCodes, r.Active)
	}
	return tw.Flush()
}
