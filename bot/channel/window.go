package channel

import (
	"sync"
	"time"
)

// Window lets at most limit sends into any span of period, counted the way
// chat platforms count them: on arrival. A send may arrive any time between
// its start and its end, so the send limit places after another may start
// only a period after that one ended. Measured on start times alone, a slow
// first batch (new connections, a loaded network) would land on top of the
// next one and break the limit.
type Window struct {
	mu     sync.Mutex
	limit  int
	period time.Duration
	slots  []*Slot       // the last limit sends, oldest first
	freed  chan struct{} // closed and replaced when a send ends
}

// Slot is one send's place in a window.
type Slot struct {
	end  time.Time
	done bool
}

// NewWindow returns a window of limit sends per period.
func NewWindow(limit int, period time.Duration) *Window {
	return &Window{limit: max(limit, 1), period: period, freed: make(chan struct{})}
}

// Limit returns the window's size: limit sends per period.
func (w *Window) Limit() (int, time.Duration) { return w.limit, w.period }

// Take books a place for a send starting at or after now and returns it
// with the moment the send may start. When the window is full and its
// oldest send is still in flight there is no moment yet: Take returns a
// nil slot and a channel that is closed when some send ends; try again.
func (w *Window) Take(now time.Time) (s *Slot, at time.Time, busy <-chan struct{}) {
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
	s = &Slot{}
	w.slots = append(w.slots, s)
	return s, at, nil
}

// Finish records that the send in s ended (delivered, failed or given up)
// at end. Every slot taken must be finished, or the window stays full.
func (w *Window) Finish(s *Slot, end time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	s.end, s.done = end, true
	close(w.freed)
	w.freed = make(chan struct{})
}

// Idle reports whether no send in the window still counts at now.
func (w *Window) Idle(now time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, s := range w.slots {
		if !s.done || now.Sub(s.end) <= w.period {
			return false
		}
	}
	return true
}
