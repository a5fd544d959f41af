package channel

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestDispatcherOrdersPerKeyAndBoundsWorkers(t *testing.T) {
	d := NewDispatcher(3)
	var mu sync.Mutex
	order := map[string][]int{}
	running, most := 0, 0
	for i := 0; i < 5; i++ {
		for k := 0; k < 20; k++ {
			key := fmt.Sprint("chat", k)
			d.Submit(key, func() {
				mu.Lock()
				running++
				most = max(most, running)
				order[key] = append(order[key], i)
				mu.Unlock()
				time.Sleep(time.Millisecond)
				mu.Lock()
				running--
				mu.Unlock()
			})
		}
	}
	d.Wait()
	if most > 3 {
		t.Errorf("%d items ran at once with 3 workers", most)
	}
	if most < 2 {
		t.Errorf("items never ran in parallel (max %d)", most)
	}
	for key, got := range order {
		if fmt.Sprint(got) != "[0 1 2 3 4]" {
			t.Errorf("%s ran in order %v", key, got)
		}
	}
	if len(order) != 20 {
		t.Errorf("%d keys ran, want 20", len(order))
	}
}
