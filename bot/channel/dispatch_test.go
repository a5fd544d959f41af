package channel

import (
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// The items run on the bubble's clock, each taking 1ms of it, so the
// parallelism is exact: 100 items on 3 workers cannot finish before
// ceil(100/3) = 34ms, and one at a time they would take 100ms.
func TestDispatcherOrdersPerKeyAndBoundsWorkers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := NewDispatcher(3)
		var mu sync.Mutex
		order := map[string][]int{}
		running, most := 0, 0
		start := time.Now()
		for i := 0; i < 5; i++ {
			for k := 0; k < 20; k++ {
				key := fmt.Sprint("chat", k)
				d.Submit(key, func() {
					mu.Lock()
					running++
					most = max(most, running)
					order[key] = append(order[key], i)
					mu.Unlock()
					time.Sleep(time.Millisecond) // the item's work
					mu.Lock()
					running--
					mu.Unlock()
				})
			}
		}
		d.Wait()
		elapsed := time.Since(start)
		if most != 3 {
			t.Errorf("at most %d items ran at once with 3 workers and 20 busy keys, want 3", most)
		}
		if elapsed < 34*time.Millisecond || elapsed >= 100*time.Millisecond {
			t.Errorf("100 items of 1ms on 3 workers took %v, want from 34ms (3 at a time) to under 100ms (one at a time)", elapsed)
		}
		for key, got := range order {
			if fmt.Sprint(got) != "[0 1 2 3 4]" {
				t.Errorf("%s ran in order %v", key, got)
			}
		}
		if len(order) != 20 {
			t.Errorf("%d keys ran, want 20", len(order))
		}
	})
}
