package channel

import "sync"

// Dispatcher runs work one item at a time per key (a chat), in submission
// order, and different keys in parallel on at most `workers` goroutines at
// once. A key's queue exists while it has work; its goroutine drains it and
// ends, so idle chats cost nothing.
type Dispatcher struct {
	mu     sync.Mutex
	queues map[string][]func()
	slots  chan struct{}
	wg     sync.WaitGroup
}

// NewDispatcher returns a dispatcher running at most workers items at once.
func NewDispatcher(workers int) *Dispatcher {
	return &Dispatcher{queues: map[string][]func(){}, slots: make(chan struct{}, max(workers, 1))}
}

// Submit queues work behind the key's earlier work.
func (d *Dispatcher) Submit(key string, work func()) {
	d.mu.Lock()
	q, active := d.queues[key]
	d.queues[key] = append(q, work)
	if !active {
		d.wg.Add(1)
	}
	d.mu.Unlock()
	if !active {
		go d.drain(key)
	}
}

// drain runs the key's queue until it is empty. The item stays at the head
// of the queue while it runs, which is what marks the key active.
func (d *Dispatcher) drain(key string) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		work := d.queues[key][0]
		d.mu.Unlock()

		// A worker slot is held per item, not per chat, so a chat with a
		// long queue lets others take turns.
		d.slots <- struct{}{}
		work()
		<-d.slots

		d.mu.Lock()
		rest := d.queues[key][1:]
		if len(rest) == 0 {
			delete(d.queues, key)
			d.mu.Unlock()
			return
		}
		d.queues[key] = rest
		d.mu.Unlock()
	}
}

// Wait blocks until every submitted item has run.
func (d *Dispatcher) Wait() { d.wg.Wait() }
