package measure

import (
	"runtime"
	"testing"
)

var sink []byte

// The peak covers a buffer that was live while sampling, though it is
// garbage by the time stop is called.
func TestHeapPeakSeesWhatWasLiveMeanwhile(t *testing.T) {
	runtime.GC()
	stop := HeapPeak()
	sink = make([]byte, 64<<20)
	for i := range sink {
		sink[i] = 1
	}
	runtime.Gosched()
	sink = nil
	runtime.GC()
	if peak := stop(); peak < 64<<20 {
		t.Fatalf("peak %d bytes, want at least the 64 MiB buffer", peak)
	}
}

// CPU time and allocations only grow while the process works.
func TestCPUAndAllocsGrow(t *testing.T) {
	cpu0, allocs0 := CPU(), Allocs()
	n := 0
	for i := range 20_000_000 {
		n += i % 7
	}
	for range 1000 {
		sink = make([]byte, 16)
	}
	if CPU() <= cpu0 {
		t.Errorf("CPU did not grow over a busy loop (%d)", n)
	}
	if Allocs() < allocs0+1000 {
		t.Errorf("Allocs grew by %d over 1000 allocations", Allocs()-allocs0)
	}
}
