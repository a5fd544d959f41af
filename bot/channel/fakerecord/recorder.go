package fakerecord

import (
	"context"
	"sync"
)

// Recorder keeps a fake server's calls (each under a key: its method or
// path), the failures queued per key, and the messages delivered per chat.
// Its zero value is ready; it is safe for concurrent use.
type Recorder[Chat comparable, Call, Failure, Sent any] struct {
	mu        sync.Mutex
	calls     []keyed[Call]
	failNext  map[string][]Failure
	received  map[Chat][]Sent
	waiting   map[Chat]chan struct{} // closed when the chat receives a message
	delivered int
}

type keyed[Call any] struct {
	key  string
	call Call
}

// Record appends call under key and takes the failure queued for key, if
// one is.
func (r *Recorder[Chat, Call, Failure, Sent]) Record(key string, call Call) (Failure, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, keyed[Call]{key, call})
	q := r.failNext[key]
	if len(q) == 0 {
		var none Failure
		return none, false
	}
	r.failNext[key] = q[1:]
	return q[0], true
}

// FailNext makes the next calls under key fail, one failure per call.
func (r *Recorder[Chat, Call, Failure, Sent]) FailNext(key string, failures ...Failure) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failNext == nil {
		r.failNext = map[string][]Failure{}
	}
	r.failNext[key] = append(r.failNext[key], failures...)
}

// Calls returns the recorded calls under key ("" = all), oldest first,
// failed ones included.
func (r *Recorder[Chat, Call, Failure, Sent]) Calls(key string) []Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Call
	for _, c := range r.calls {
		if key == "" || c.key == key {
			out = append(out, c.call)
		}
	}
	return out
}

// Deliver appends the message build makes to chat's and wakes whoever
// waits for it. build runs under the lock and is given seq, the message's
// number among all delivered (from 1, for server-wide message ids), and
// nth, its number in chat (from 1).
func (r *Recorder[Chat, Call, Failure, Sent]) Deliver(chat Chat, build func(seq, nth int) Sent) Sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.received == nil {
		r.received = map[Chat][]Sent{}
	}
	r.delivered++
	sent := build(r.delivered, len(r.received[chat])+1)
	r.received[chat] = append(r.received[chat], sent)
	if w, ok := r.waiting[chat]; ok {
		close(w)
		delete(r.waiting, chat)
	}
	return sent
}

// Change runs change on chat's messages under the lock; change may edit
// them in place (a message edited after it was sent).
func (r *Recorder[Chat, Call, Failure, Sent]) Change(chat Chat, change func(msgs []Sent)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	change(r.received[chat])
}

// Received returns what chat was delivered, oldest first, with changes
// applied.
func (r *Recorder[Chat, Call, Failure, Sent]) Received(chat Chat) []Sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Sent(nil), r.received[chat]...)
}

// ReceivedCount is len(Received(chat)) without copying the messages.
func (r *Recorder[Chat, Call, Failure, Sent]) ReceivedCount(chat Chat) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.received[chat])
}

// WaitReceived blocks until chat has received at least n messages or ctx
// ends, and returns what it received.
func (r *Recorder[Chat, Call, Failure, Sent]) WaitReceived(ctx context.Context, chat Chat, n int) ([]Sent, error) {
	for {
		r.mu.Lock()
		if got := r.received[chat]; len(got) >= n {
			out := append([]Sent(nil), got...)
			r.mu.Unlock()
			return out, nil
		}
		if r.waiting == nil {
			r.waiting = map[Chat]chan struct{}{}
		}
		w, ok := r.waiting[chat]
		if !ok {
			w = make(chan struct{})
			r.waiting[chat] = w
		}
		r.mu.Unlock()
		select {
		case <-w:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
