package telegram

import (
	"sync"
	"time"
)

// window lets at most limit sends into any span of period, as Telegram
// counts them: on arrival. A send may arrive any time between its start
// and its end, so the send limit places after another may start only a
// period after that one ended. Measured on start times alone, a slow
// first batch (new connections, a loaded network) would land on top of
// the next one and break the limit.
type window struct {
	mu     sync.Mutex
	limit  int
	period time.Duration
	slots  []*slot       // the last limit sends, oldest first
	freed  chan struct{} // closed and replaced when a send ends
}

// slot is one send's place in a window.
type slot struct {
	end  time.Time
	done bool
}

func newWindow(limit int, period time.Duration) *window {
	return &window{limit: limit, period: period, freed: make(chan struct{})}
}

// take books a place for a send starting at or after now and returns it
// with the moment the send may start. When the window is full and its
// oldest send is still in flight there is no moment yet: take returns a
// nil slot and a channel that is closed when some send ends; try again.
func (w *window) take(now time.Time) (s *slot, at time.Time, busy <-chan struct{}) {
	w.mu.Lock()
	defer w.mu.Unlock()
	at = now
	if len(w.slots) == w.limit {
		oldest := w.slots[0]
		if !oldest.done {
			return nil, time.Time{}, w.freed
		}
		if next := oldest.end.Add(w.period); next.After(at) {
			at = next
		}
		w.slots = append(w.slots[:0], w.slots[1:]...)
	}
	s = &slot{}
	w.slots = append(w.slots, s)
	return s, at, nil
}

// finish records that the send in s ended (delivered, failed or given up)
// at end. Every slot taken must be finished, or the window stays full.
func (w *window) finish(s *slot, end time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	s.end, s.done = end, true
	close(w.freed)
	w.freed = make(chan struct{})
}

// idle reports whether no send in the window still counts at now.
func (w *window) idle(now time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, s := range w.slots {
		if !s.done || now.Sub(s.end) <= w.period {
			return false
		}
	}
	return true
}
