package sessions_test

import (
	"strconv"
	"testing"
	"time"

	"treembot/storage/sessions/sessionstest"
)

// The benchmarks run on memory and miniredis, and on real Redis when
// TEST_REDIS_URL is set; miniredis's figures say little about Redis (it
// starts a Lua interpreter per script call), they only catch regressions.

// BenchmarkMarkSeen measures dedup of incoming updates, each one new.
func BenchmarkMarkSeen(b *testing.B) {
	for _, o := range sessionstest.Openers() {
		b.Run(o.Name, func(b *testing.B) {
			s := o.Open(b).Store
			i := 0
			for b.Loop() {
				i++
				isNew, err := s.MarkSeen(b.Context(), "update:"+strconv.Itoa(i), time.Hour)
				if err != nil || !isNew {
					b.Fatalf("MarkSeen = %v, %v", isNew, err)
				}
			}
		})
	}
}

// BenchmarkLock measures an uncontended lock and unlock of one chat, the
// cost the router pays on every update.
func BenchmarkLock(b *testing.B) {
	for _, o := range sessionstest.Openers() {
		b.Run(o.Name, func(b *testing.B) {
			s := o.Open(b).Store
			for b.Loop() {
				unlock, err := s.Lock(b.Context(), "chat:1", time.Minute)
				if err != nil {
					b.Fatal(err)
				}
				unlock()
			}
		})
	}
}
