package reminders

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"treembot/bot/chatmsg"
	"treembot/storage"
)

// Dispatcher sends the outbox: it claims ready rows, hands each to the
// sender of its channel and records the outcome. Several dispatchers (in
// one process or many) may run on the same outbox: a row is claimed by one
// of them only, and a row whose send may have started is never sent again.
// Store, Senders, Clock, Zone and Owner are required.
type Dispatcher struct {
	Store   OutboxStore
	Senders map[string]chatmsg.Sender // by channel: "telegram", "zalo", "terminal"
	// Identities marks a recipient who blocked the bot unreachable; nil
	// skips that.
	Identities IdentityMarker
	// Submissions re-checks, just before sending, that a reporter's unit
	// still owes its report; nil skips the check.
	Submissions SubmissionChecker
	// Forms is the reporting chain: the report re-checked is the one the
	// recipient's role owes (as the planner chose it); nil checks
	// Options.FormID.
	Forms   []ChainForm
	Clock   func() time.Time
	Zone    *time.Location
	Logger  *slog.Logger
	Owner   string // names this dispatcher in claims
	Options DispatchOptions
}

// IdentityMarker marks channel accounts reachable or not.
type IdentityMarker interface {
	SetIdentityActive(ctx context.Context, channel, externalID string, active bool) error
}

// SubmissionChecker finds a unit's report (storage.ErrNotFound if none)
// and a reminder's recipient (their role and office say which report).
type SubmissionChecker interface {
	FindSubmission(ctx context.Context, unitID, periodID uint, formID string) (*storage.Submission, error)
	ReminderRecipient(ctx context.Context, userID uint) (*storage.ReminderPerson, error)
}

// DispatchOptions tune the dispatcher; zero fields take the defaults.
type DispatchOptions struct {
	Batch       int           // rows per claim (default 20)
	Lease       time.Duration // how long a claim holds (default 10m)
	SendTimeout time.Duration // one send, retries by the sender included (default 2m)
	MaxAttempts int           // sends before giving up (default 6)
	RetryBase   time.Duration // first back-off, doubled each attempt (default 1m)
	RetryMax    time.Duration // back-off cap (default 1h)
	FormID      string        // the report due reminders are about when there is no chain (default commune_report)
}

// DefaultFormID is the report reminders are about.
const DefaultFormID = "commune_report"

func (o DispatchOptions) withDefaults() DispatchOptions {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Batch, 20)
	def(&o.MaxAttempts, 6)
	defDur(&o.Lease, 10*time.Minute)
	defDur(&o.SendTimeout, 2*time.Minute)
	defDur(&o.RetryBase, time.Minute)
	defDur(&o.RetryMax, time.Hour)
	if o.FormID == "" {
		o.FormID = DefaultFormID
	}
	return o
}

// DispatchOnce claims one batch and sends it; it returns how many rows it
// handled (0: nothing was ready). When ctx ends, rows not yet started are
// put back for another dispatcher.
func (d *Dispatcher) DispatchOnce(ctx context.Context) (int, error) {
	if d.Store == nil || d.Clock == nil || d.Zone == nil || d.Owner == "" {
		return 0, errors.New("dispatch: Store, Clock, Zone and Owner are required")
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	opts := d.Options.withDefaults()
	rows, err := d.Store.ClaimOutbox(ctx, storage.ClaimRequest{Owner: d.Owner, Now: d.Clock(),
		Limit: opts.Batch, Lease: opts.Lease})
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	for i := range rows {
		if ctx.Err() != nil {
			if err := d.Store.ReleaseOutbox(context.WithoutCancel(ctx), rows[i].ClaimToken); err != nil {
				return i, err
			}
			return i, ctx.Err()
		}
		if err := d.deliver(ctx, &rows[i], opts); err != nil {
			return i, err
		}
	}
	return len(rows), nil
}

// deliver sends one claimed row, or explains why not, and records it.
func (d *Dispatcher) deliver(ctx context.Context, m *storage.OutboxMessage, opts DispatchOptions) error {
	now := d.Clock()
	out := storage.OutboxOutcome{ID: m.ID, Token: m.ClaimToken, Now: now}
	switch skip, why := d.skipReason(ctx, m, now, opts); skip {
	case storage.OutboxQueued:
		out.Status, out.NextAttemptAt = skip, NextWindow(now, m.SendFrom, m.SendUntil, d.Zone)
		return d.finish(ctx, out)
	case "":
	default:
		out.Status, out.Error = skip, why
		return d.finish(ctx, out)
	}
	sender := d.Senders[m.Channel]
	if sender == nil {
		out.Status, out.Error = storage.OutboxFailed, "no sender for channel "+m.Channel
		return d.finish(ctx, out)
	}
	// The lease now covers the send's own time limit, with a margin, so a
	// slow send late in a batch is not taken for a dead dispatcher's.
	ok, err := d.Store.MarkOutboxSending(ctx, m.ID, m.ClaimToken, now.Add(opts.SendTimeout+time.Minute))
	if err != nil || !ok {
		return err // !ok: the lease ran out and the row is someone else's now
	}
	// The send itself is not cut short by shutdown: a half-done send is
	// the one case that ends up failed rather than retried.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), opts.SendTimeout)
	err = sender.Send(sendCtx, message(m))
	cancel()
	d.outcome(ctx, m, err, &out, opts)
	return d.finish(ctx, out)
}

// skipReason decides, before sending, that a row must wait for the
// sending hours (queued), stopped making sense (expired) or is no longer
// owed (cancelled). "" means send it.
func (d *Dispatcher) skipReason(ctx context.Context, m *storage.OutboxMessage, now time.Time, opts DispatchOptions) (string, string) {
	if !now.Before(m.ExpiresAt) {
		return storage.OutboxExpired, "not sent before " + m.ExpiresAt.In(d.Zone).Format(time.RFC3339)
	}
	if !inWindow(now, m.SendFrom, m.SendUntil, d.Zone) {
		return storage.OutboxQueued, ""
	}
	if d.Submissions == nil || m.UnitID == 0 {
		return "", ""
	}
	formID, err := d.formOf(ctx, m, opts)
	if err != nil {
		d.Logger.Warn("find whom a reminder is for", "outbox_id", m.ID, "err", err)
		return "", ""
	}
	sub, err := d.Submissions.FindSubmission(ctx, m.UnitID, m.PeriodID, formID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return "", ""
	case err != nil:
		d.Logger.Warn("check report before reminding", "outbox_id", m.ID, "err", err)
		return "", ""
	case done(sub.Status):
		return storage.OutboxCancelled, "the unit submitted before the reminder went out"
	case m.Kind == storage.RuleFix && sub.Status != storage.StatusReturned:
		return storage.OutboxCancelled, "the report is no longer returned"
	}
	return "", ""
}

// formOf is the report a reminder is about: the form the recipient's role
// owes in the chain, as the planner chose it.
func (d *Dispatcher) formOf(ctx context.Context, m *storage.OutboxMessage, opts DispatchOptions) (string, error) {
	switch len(d.Forms) {
	case 0:
		return opts.FormID, nil
	case 1: // every reminder is about the one form: no need to ask who it is for
		return d.Forms[0].ID, nil
	}
	p, err := d.Submissions.ReminderRecipient(ctx, m.UserID)
	if err != nil {
		return "", err
	}
	c := newChain(d.Forms)
	f := c.formFor(p.Role, p.OfficeCode)
	if f < 0 {
		return "", fmt.Errorf("user %d (%s) reports on no form of the chain", m.UserID, p.Role)
	}
	return c.forms[f].ID, nil
}

// outcome turns a send result into the row's new status: sent; queued
// again with back-off for a transient failure; failed for good otherwise
// (and the identity marked inactive when the recipient is gone).
func (d *Dispatcher) outcome(ctx context.Context, m *storage.OutboxMessage, err error, out *storage.OutboxOutcome, opts DispatchOptions) {
	attempt := m.Attempts + 1
	log := d.Logger.With("outbox_id", m.ID, "rule", m.RuleCode, "channel", m.Channel, "attempt", attempt)
	if err == nil {
		out.Status = storage.OutboxSent
		log.Debug("reminder sent")
		return
	}
	out.Error = err.Error()
	var se *chatmsg.SendError
	switch {
	case chatmsg.IsRecipientGone(err):
		out.Status = storage.OutboxFailed
		if d.Identities != nil {
			if merr := d.Identities.SetIdentityActive(ctx, m.Channel, m.ExternalID, false); merr != nil {
				log.Warn("mark identity unreachable", "err", merr)
			}
		}
		log.Info("reminder recipient is gone", "err", err)
	case errors.As(err, &se) && !se.Retryable(), attempt >= opts.MaxAttempts:
		out.Status = storage.OutboxFailed
		log.Warn("reminder failed", "err", err)
	default:
		wait := backoff(attempt, opts.RetryBase, opts.RetryMax)
		if errors.As(err, &se) && se.RetryAfter > wait {
			wait = se.RetryAfter
		}
		out.Status = storage.OutboxQueued
		out.NextAttemptAt = NextWindow(d.Clock().Add(wait), m.SendFrom, m.SendUntil, d.Zone)
		log.Info("reminder will be retried", "err", err, "retry_in", wait)
	}
}

func (d *Dispatcher) finish(ctx context.Context, out storage.OutboxOutcome) error {
	if err := d.Store.FinishOutbox(context.WithoutCancel(ctx), out); err != nil {
		return fmt.Errorf("dispatch: %w", err)
	}
	return nil
}

// backoff is base·2^(attempt-1), capped.
func backoff(attempt int, base, limit time.Duration) time.Duration {
	wait := base
	for i := 1; i < attempt && wait < limit; i++ {
		wait *= 2
	}
	return min(wait, limit)
}

// message is the channel message of an outbox row.
func message(m *storage.OutboxMessage) chatmsg.Message {
	msg := chatmsg.Message{ChatID: m.ChatID, Text: m.Text}
	if m.ButtonData != "" {
		msg.Buttons = [][]chatmsg.Button{{{Label: m.ButtonLabel, Data: m.ButtonData}}}
		msg.NumberedButtons = true
	}
	return msg
}
