package reminders

import (
	"context"
	"fmt"
	"sort"
	"time"

	"treembot/bot/chatmsg"
	"treembot/storage"
)

// ruleNudge is the rule code and kind of an admin's one-off reminder.
const ruleNudge = "nudge"

// nudgeLifetime is how long an unsent nudge still makes sense.
const nudgeLifetime = 24 * time.Hour

// Upcoming lists the reminder occurrences that go out from from until
// until (a pending one first, at the next sending hours), with how many
// people would get each as things stand. Occurrences nobody would get are
// left out. It implements bot.ReminderAdmin.
func (s *Service) Upcoming(ctx context.Context, from, until time.Time) ([]chatmsg.UpcomingReminder, error) {
	if err := s.setup(); err != nil {
		return nil, err
	}
	in, err := LoadInput(ctx, s.Store, LoadOptions{Now: from, Zone: s.Zone, FormID: s.Dispatch.FormID,
		Forms: s.Forms, Channels: s.channels(), Everything: true})
	if err != nil {
		return nil, fmt.Errorf("upcoming reminders: %w", err)
	}
	return Upcoming(in, until), nil
}

// Upcoming is the pure part of Service.Upcoming: in.Now is the start.
func Upcoming(in PlanInput, until time.Time) []chatmsg.UpcomingReminder {
	ix := newIndex(in)
	var out []chatmsg.UpcomingReminder
	for _, p := range in.Periods {
		if !in.Now.Before(p.ClosesAt) {
			continue
		}
		for _, sp := range ix.chain.stagePeriods(p, in.Zone) {
			out = append(out, ix.upcomingOf(in, sp, until)...)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// upcomingOf lists the occurrences of one stage of a period before until.
func (ix *index) upcomingOf(in PlanInput, sp stagePeriod, until time.Time) []chatmsg.UpcomingReminder {
	var out []chatmsg.UpcomingReminder
	for _, chain := range Schedule(sp.Period, in.Rules, in.Zone) {
		for _, sl := range chain {
			sl.Village = sp.Village
			at := NextWindow(latest(sl.At, in.Now), sl.From, sl.To, in.Zone)
			if !at.Before(until) || !sendable(sl, at, in.Zone) {
				continue
			}
			then := in
			then.Now = at
			n := len(ix.planSlot(then, sl))
			if n == 0 {
				continue
			}
			u := chatmsg.UpcomingReminder{At: at, Rule: sl.Rule.Code, Kind: sl.Rule.Kind, Period: sp.Code, Recipients: n}
			if sl.Rule.Kind == storage.RuleDue {
				u.DaysBefore = -sl.Rule.OffsetDays
			}
			out = append(out, u)
		}
	}
	return out
}

// Nudge queues a one-off reminder now to the reporters of the unit with
// code, for every open period it still owes. It implements
// bot.ReminderAdmin.
func (s *Service) Nudge(ctx context.Context, code string, now time.Time) (chatmsg.NudgeResult, error) {
	if err := s.setup(); err != nil {
		return chatmsg.NudgeResult{}, err
	}
	unit, err := s.Store.UnitByCode(ctx, code)
	if err != nil {
		return chatmsg.NudgeResult{}, err
	}
	in, err := LoadInput(ctx, s.Store, LoadOptions{Now: now, Zone: s.Zone, FormID: s.Dispatch.FormID,
		Forms: s.Forms, Channels: s.channels(), Catalog: s.Catalog, Everything: true})
	if err != nil {
		return chatmsg.NudgeResult{}, fmt.Errorf("nudge %s: %w", code, err)
	}
	due := PlanNudge(in, unit.ID)
	res := chatmsg.NudgeResult{Unit: unit.Name, Recipients: len(due)}
	for _, d := range due {
		if len(res.Periods) == 0 || res.Periods[len(res.Periods)-1] != d.PeriodCode {
			res.Periods = append(res.Periods, d.PeriodCode)
		}
		res.At = NextWindow(now, d.From, d.To, s.Zone)
	}
	if res.Queued, err = s.enqueue(ctx, due, now); err != nil {
		return res, fmt.Errorf("nudge %s: %w", code, err)
	}
	return res, nil
}

// PlanNudge lists the one-off reminders to the reporters of unitID for
// every period open at in.Now that the unit still owes. Nudges in the same
// minute share a key, so a double tap queues them once.
func PlanNudge(in PlanInput, unitID uint) []Due {
	ix := newIndex(in)
	from, _ := storage.ParseClock(storage.DefaultSendFrom)
	to, _ := storage.ParseClock(storage.DefaultSendUntil)
	// Worded for when it goes out: a nudge queued at night arrives the
	// next morning, one day closer to the deadline.
	then := in
	then.Now = NextWindow(in.Now, from, to, in.Zone)
	var out []Due
	for _, p := range in.Periods {
		if in.Now.Before(p.OpensAt) || !in.Now.Before(p.ClosesAt) {
			continue
		}
		for _, sp := range ix.chain.stagePeriods(p, in.Zone) {
			sl := Slot{Rule: storage.ReminderRule{Code: ruleNudge, Kind: ruleNudge}, Period: sp.Period,
				Occurrence: in.Now.Unix() / 60, At: in.Now, Until: minTime(p.ClosesAt, in.Now.Add(nudgeLifetime)),
				From: from, To: to, Village: sp.Village}
			texts := newSlotTexts(then, sl)
			for di := range ix.duties {
				d := &ix.duties[di]
				if d.unitID != unitID {
					continue
				}
				if st, owed := ix.owes(d, sl); owed {
					out = append(out, ix.remind(in, sl, texts, d, st)...)
				}
			}
		}
	}
	return out
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
