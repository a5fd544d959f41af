package oa

import (
	"context"
	"errors"
	"time"

	"treembot/bot/zalo/internal/core"
	"treembot/locales"
)

// vietnam is Zalo's zone, whatever BOT_TIMEZONE says: the night ban ends
// and the OA's monthly quota restarts by Vietnam's clock.
var vietnam = mustZone(locales.DefaultZone)

// mustZone loads a zone of the tz database locales embeds, so it cannot
// be missing.
func mustZone(name string) *time.Location {
	z, err := locales.LoadZone(name)
	if err != nil {
		panic("zalo OA: " + err.Error())
	}
	return z
}

// replyWindow knows, per person, until when the OA may answer freely:
// the reply window after their last message. It lives in the session
// store; when that is lost, people count as outside until they write, and
// a send is refused by Zalo rather than by us at worst.
type replyWindow struct {
	sess    core.SessionStore
	missing error // what sess.Get returns for a missing key
	length  time.Duration
	clock   func() time.Time
}

func (w *replyWindow) key(user string) string { return "zalo_oa:window:" + user }

// record notes that user wrote at at.
func (w *replyWindow) record(ctx context.Context, user string, at time.Time) error {
	left := at.Add(w.length).Sub(w.clock())
	if left <= 0 {
		return nil
	}
	return w.sess.Set(ctx, w.key(user), []byte(at.UTC().Format(time.RFC3339Nano)), left)
}

// inside reports whether user wrote within the window, and until when it
// lasts.
func (w *replyWindow) inside(ctx context.Context, user string) (bool, time.Time, error) {
	raw, err := w.sess.Get(ctx, w.key(user))
	if errors.Is(err, w.missing) {
		return false, time.Time{}, nil
	}
	if err != nil {
		return false, time.Time{}, err
	}
	at, err := time.Parse(time.RFC3339Nano, string(raw))
	if err != nil {
		return false, time.Time{}, nil
	}
	until := at.Add(w.length)
	return w.clock().Before(until), until, nil
}

// quotaPeriod makes the budget a plain count: a budget of limit per
// period refills limit/period, so over a month it adds under 1%.
const quotaPeriod = 10 * 365 * 24 * time.Hour

// proactiveQuota counts proactive messages per calendar month (vietnam
// time), across instances, through the session store. Zalo keeps the
// authoritative count: its "out of quota" answer is honoured too.
type proactiveQuota struct {
	sess  core.SessionStore
	appID string
	limit int
	clock func() time.Time
}

// take uses one proactive message of this month's quota, if any is left.
func (q *proactiveQuota) take(ctx context.Context) (bool, error) {
	month := q.clock().In(vietnam).Format("2006-01")
	ok, _, err := q.sess.Allow(ctx, "zalo_oa:proactive:"+q.appID+":"+month, q.limit, quotaPeriod)
	return ok, err
}
