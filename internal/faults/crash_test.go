//go:build faults

package faults

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"treembot/internal/testkit"
)

// Crash: 100 collaborators are halfway through the report when the bot
// process is killed (SIGKILL) and started again. Every answer that got a
// reply is in the database at the moment of the kill; afterwards every
// conversation resumes at its next unanswered question (each person's
// next reply asks exactly the question after the one they answered,
// including the answer in flight during the kill); at the end every
// answer is stored once, with its value, under its own question.
func TestCrashMidConversationsLosesAndDuplicatesNothing(t *testing.T) {
	const people, perPerson, killAfter = 100, 10, 350
	w := newFaultWorld(t)
	users := villageUsers(t, w, people)
	answers := firstAnswers(t, perPerson)
	first := w.startChild(nil)
	joinAndOpen(t, users)

	var replied atomic.Int64
	progress := make([]atomic.Int32, people) // answers that got their reply
	crashed := make(chan struct{})
	errs := make(chan error, people)
	start := time.Now()
	for i, u := range users {
		go func() {
			for k, a := range answers {
				want := fmt.Sprintf("Câu %d —", k+2)
				if err := u.say(a.typed, want, 90*time.Second); err != nil {
					errs <- fmt.Errorf("answer %d: %w", k+1, err)
					return
				}
				progress[i].Add(1)
				if replied.Add(1) >= killAfter {
					<-crashed // the rest of the answers go to the restarted bot
				}
			}
			errs <- nil
		}()
	}
	testkit.Eventually(t, 90*time.Second, "answers before the crash", func() bool { return replied.Load() >= killAfter })
	first.kill()
	snapshot := make([]int, people)
	for i := range progress {
		snapshot[i] = int(progress[i].Load())
	}
	t.Logf("killed after %d replied answers, %s", replied.Load(), time.Since(start).Round(time.Millisecond))

	st := w.store()
	for i, u := range users {
		vals, sets := draftOf(t, st, u.unit)
		for _, a := range answers[:snapshot[i]] {
			if vals[a.code] != a.stored || sets[a.code] != 1 {
				t.Errorf("%s: %s got a reply before the crash but is stored as %q (%d writes)", u.unit, a.code, vals[a.code], sets[a.code])
			}
		}
		if n := len(vals); n > snapshot[i]+1 {
			t.Errorf("%s: %d values stored, but only %d answers were sent", u.unit, n, snapshot[i]+1)
		}
	}

	restarted := time.Now()
	w.startChild(nil)
	close(crashed)
	for range users {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	t.Logf("every conversation finished %s after the restart", time.Since(restarted).Round(time.Millisecond))
	for _, u := range users {
		checkDraft(t, st, u.unit, answers, perPerson)
	}
}
