package fakerecord

import (
	"context"
	"slices"
	"testing"
	"time"
)

type rec = Recorder[string, string, int, string]

func TestQueuedFailuresAnswerTheirKeyInOrder(t *testing.T) {
	var r rec
	r.FailNext("send", 429, 500)
	var got []int
	for _, key := range []string{"poll", "send", "send", "send"} {
		if f, failed := r.Record(key, key+" call"); failed {
			got = append(got, f)
		}
	}
	if !slices.Equal(got, []int{429, 500}) {
		t.Errorf("failures given = %v, want [429 500] to the first two sends only", got)
	}
	if calls := r.Calls("send"); len(calls) != 3 {
		t.Errorf("Calls(send) = %v, want the three sends, failed ones included", calls)
	}
	if calls := r.Calls(""); len(calls) != 4 {
		t.Errorf("Calls(\"\") = %v, want all four", calls)
	}
}

func TestDeliverNumbersMessagesAndChangeEditsThem(t *testing.T) {
	var r rec
	number := func(text string) func(seq, nth int) string {
		return func(seq, nth int) string { return text + string(rune('0'+seq)) + string(rune('0'+nth)) }
	}
	r.Deliver("a", number("x"))
	r.Deliver("b", number("y"))
	r.Deliver("a", number("z"))
	if got := r.Received("a"); !slices.Equal(got, []string{"x11", "z32"}) {
		t.Errorf("Received(a) = %v, want [x11 z32] (seq over all chats, nth in the chat)", got)
	}
	r.Change("a", func(msgs []string) { msgs[0] = "edited" })
	if got := r.Received("a"); got[0] != "edited" || r.ReceivedCount("a") != 2 || r.ReceivedCount("c") != 0 {
		t.Errorf("after Change: Received(a) = %v, counts a=%d c=%d", got, r.ReceivedCount("a"), r.ReceivedCount("c"))
	}
}

func TestWaitReceivedReturnsOnceEnoughArrived(t *testing.T) {
	var r rec
	done := make(chan []string)
	go func() {
		got, err := r.WaitReceived(context.Background(), "a", 2)
		if err != nil {
			t.Error(err)
		}
		done <- got
	}()
	r.Deliver("a", func(int, int) string { return "one" })
	r.Deliver("b", func(int, int) string { return "elsewhere" })
	r.Deliver("a", func(int, int) string { return "two" })
	if got := <-done; !slices.Equal(got, []string{"one", "two"}) {
		t.Errorf("WaitReceived = %v, want [one two]", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if _, err := r.WaitReceived(ctx, "a", 3); err == nil {
		t.Error("WaitReceived for a third message returned without one, want the context's error")
	}
}
