package sessions

import (
	"errors"
	"fmt"
	"time"
)

// errClosed is returned by a Memory store after Close.
var errClosed = errors.New("session store closed")

// checkTTL refuses a ttl that would keep a key forever: everything in this
// store must be rebuildable, so it must also be able to go away by itself.
func checkTTL(op string, ttl time.Duration) error {
	if ttl <= 0 {
		return fmt.Errorf("%s: ttl must be positive, got %s", op, ttl)
	}
	return nil
}

// checkBudget refuses a budget that allows nothing or never refills.
func checkBudget(limit int, period time.Duration) error {
	if limit <= 0 {
		return fmt.Errorf("allow: limit must be positive, got %d", limit)
	}
	if period <= 0 {
		return fmt.Errorf("allow: period must be positive, got %s", period)
	}
	return nil
}

// emissionInterval is the GCRA spacing between events of a budget of limit
// events per period; never zero, so a huge limit still advances the budget.
func emissionInterval(limit int, period, resolution time.Duration) time.Duration {
	interval := period / time.Duration(limit)
	if interval < resolution {
		return resolution
	}
	return interval.Truncate(resolution)
}

// gcra decides one event of the generic cell rate algorithm. tat is the
// budget's theoretical arrival time (zero for an unused budget); the budget
// allows a burst of limit events and then one per interval. It returns the
// new tat when allowed, or how long to wait when refused.
func gcra(now, tat time.Time, interval, period time.Duration) (newTAT time.Time, ok bool, retryAfter time.Duration) {
	if tat.Before(now) {
		tat = now
	}
	newTAT = tat.Add(interval)
	allowAt := newTAT.Add(-period)
	if allowAt.After(now) {
		return tat, false, allowAt.Sub(now)
	}
	return newTAT, true, 0
}
