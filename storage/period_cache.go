package storage

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// periodCacheTTL is how long the period list is reused. Every form answer
// checks that its period is still open, while periods change a few times a
// year, by an admin: another instance's change is seen this late at most;
// this instance's own changes (SavePeriod, Seed) are seen at once.
const periodCacheTTL = 2 * time.Second

// periodCache holds every period, by deadline, for a moment.
type periodCache struct {
	mu     sync.Mutex
	list   []Period
	loaded time.Time // wall clock: how old the copy is, not what time the bot thinks it is
}

// allPeriods returns every period by deadline, from the cache when fresh.
// Callers must not change the slice.
func (s *Store) allPeriods(ctx context.Context) ([]Period, error) {
	c := &s.periods
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.list != nil && time.Since(c.loaded) < periodCacheTTL {
		return c.list, nil
	}
	var ps []Period
	if err := s.db.WithContext(ctx).Order("deadline, code").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("list periods: %w", err)
	}
	c.list, c.loaded = ps, time.Now()
	return ps, nil
}

// forgetPeriods drops the cached list after a change.
func (s *Store) forgetPeriods() {
	s.periods.mu.Lock()
	s.periods.list = nil
	s.periods.mu.Unlock()
}
