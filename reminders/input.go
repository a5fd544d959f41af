package reminders

import (
	"context"
	"fmt"
	"slices"
	"time"

	"treembot/locales"
	"treembot/storage"
)

// Store is what reminders need from persistence; *storage.Store implements
// it.
type Store interface {
	// Periods lists every period by deadline.
	Periods(ctx context.Context) ([]storage.Period, error)
	// ReminderRules lists every rule, active or not.
	ReminderRules(ctx context.Context) ([]storage.ReminderRule, error)
	// ReminderAudience loads the people reminders concern and the unit tree.
	ReminderAudience(ctx context.Context) (storage.ReminderAudience, error)
	// SubmissionStatuses lists report statuses for the periods on the forms.
	SubmissionStatuses(ctx context.Context, periodIDs []uint, formIDs []string) ([]storage.SubmissionStatus, error)
	// UnitByCode finds a unit ("VQ-XL-01").
	UnitByCode(ctx context.Context, code string) (*storage.OrgUnit, error)
	// SetIdentityActive marks a channel account reachable or not.
	SetIdentityActive(ctx context.Context, channel, externalID string, active bool) error
	OutboxStore
}

// OutboxStore is the outbox part of Store.
type OutboxStore interface {
	// OutboxKeys returns the keys already stored for the slots.
	OutboxKeys(ctx context.Context, slots []storage.OutboxSlot) (map[string]bool, error)
	// EnqueueOutbox stores messages; an existing key is a no-op.
	EnqueueOutbox(ctx context.Context, msgs []storage.OutboxMessage) (int, error)
	// ClaimOutbox leases ready messages to one dispatcher.
	ClaimOutbox(ctx context.Context, req storage.ClaimRequest) ([]storage.OutboxMessage, error)
	// MarkOutboxSending marks a claimed message as in flight.
	MarkOutboxSending(ctx context.Context, id uint, token string, leaseUntil time.Time) (bool, error)
	// FinishOutbox records what became of a claimed message.
	FinishOutbox(ctx context.Context, o storage.OutboxOutcome) error
	// ReleaseOutbox puts back claimed messages never started.
	ReleaseOutbox(ctx context.Context, token string) error
	// RecoverOutbox cleans up after dead dispatchers and expires stale rows.
	RecoverOutbox(ctx context.Context, now time.Time) error
	// OutboxCounts counts the outbox by rule and status.
	OutboxCounts(ctx context.Context) ([]storage.OutboxCount, error)
}

// LoadOptions say what LoadInput loads.
type LoadOptions struct {
	Now    time.Time
	Zone   *time.Location
	FormID string // the report reminders are about when Forms is nil
	// Forms is the reporting chain (built from the loaded forms); nil
	// chases everyone for FormID.
	Forms    []ChainForm
	Period   string   // only this period code ("" = all)
	Channels []string // deliverable channels (nil = any)
	Catalog  *locales.Catalog
	// Everything loads the audience even when no slot is current (for
	// /reminders and nudges, which look beyond now).
	Everything bool
}

// LoadInput reads what Plan needs at opts.Now. When no rule applies at
// that instant it stops after periods and rules: most minutes of the year
// need nothing more.
func LoadInput(ctx context.Context, st Store, opts LoadOptions) (PlanInput, error) {
	in := PlanInput{Now: opts.Now, Zone: opts.Zone, Channels: opts.Channels, Catalog: opts.Catalog,
		Forms: chainOrDefault(opts.Forms, opts.FormID)}
	periods, err := st.Periods(ctx)
	if err != nil {
		return in, err
	}
	for _, p := range periods {
		if opts.Period == "" || p.Code == opts.Period {
			in.Periods = append(in.Periods, p)
		}
	}
	if opts.Period != "" && len(in.Periods) == 0 {
		return in, fmt.Errorf("period %q: %w", opts.Period, storage.ErrNotFound)
	}
	if in.Rules, err = st.ReminderRules(ctx); err != nil {
		return in, err
	}
	slots := chainSlots(in)
	if len(slots) == 0 && !opts.Everything {
		return in, nil
	}
	aud, err := st.ReminderAudience(ctx)
	if err != nil {
		return in, err
	}
	in.People, in.Units, in.Offices = aud.People, aud.Units, aud.Offices
	in.Forms = withOwners(in.Forms, aud.FormOwners)
	if in.Statuses, err = st.SubmissionStatuses(ctx, statusPeriods(in, slots, opts.Everything), formIDs(in.Forms)); err != nil {
		return in, err
	}
	keys := make([]storage.OutboxSlot, 0, len(slots))
	for _, s := range slots {
		keys = append(keys, s.OutboxSlot())
	}
	in.Sent, err = st.OutboxKeys(ctx, keys)
	return in, err
}

// statusPeriods lists the periods whose report statuses can matter: those
// of the current slots, or every period still open when looking ahead. A
// national tree has a hundred thousand statuses per period.
func statusPeriods(in PlanInput, slots []Slot, everything bool) []uint {
	var ids []uint
	if everything {
		for _, p := range in.Periods {
			if in.Now.Before(p.ClosesAt) {
				ids = append(ids, p.ID)
			}
		}
		return ids
	}
	for _, s := range slots {
		if !slices.Contains(ids, s.Period.ID) {
			ids = append(ids, s.Period.ID)
		}
	}
	return ids
}

// Outbox turns a due message into its outbox row.
func (d Due) Outbox(now time.Time) storage.OutboxMessage {
	m := storage.OutboxMessage{Key: d.Key, RuleCode: d.Rule, Kind: d.Kind, PeriodID: d.PeriodID,
		PeriodCode: d.PeriodCode, Occurrence: d.Occurrence, UserID: d.UserID, UnitID: d.UnitID, Lang: d.Lang,
		Channel: d.Channel, ExternalID: d.ExternalID, ChatID: d.ChatID, Text: d.Text,
		SendFrom: d.From, SendUntil: d.To, NextAttemptAt: now, ExpiresAt: d.NotAfter}
	if d.Button != nil {
		m.ButtonLabel, m.ButtonData = d.Button.Label, d.Button.Data
	}
	return m
}
