package channel

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"treembot/bot/chatmsg"
)

// flaky fails its first calls and records when each call started.
type flaky struct {
	fails, calls int
	at           []time.Time
}

func (f *flaky) Handle(context.Context, chatmsg.Update) ([]chatmsg.Message, error) {
	f.calls++
	f.at = append(f.at, time.Now())
	if f.calls <= f.fails {
		return nil, errors.New("database is down")
	}
	return []chatmsg.Message{{Text: "ok"}}, nil
}

// backoffWithin checks that the gap before retry number attempt+1 is one
// Backoff(base, attempt) could give: from half the doubled step up to it.
func backoffWithin(t *testing.T, what string, gap, base time.Duration, attempt int) {
	t.Helper()
	step := min(base<<attempt, MaxBackoff)
	if gap < step/2 || gap >= step {
		t.Errorf("%s: retry %d came %v after the failure, want a back-off in [%v, %v)", what, attempt+1, gap, step/2, step)
	}
}

func TestHandleUntilSavedRetriesOnlyWhenAsked(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := Retry{Base: time.Millisecond}
		h := &flaky{fails: 2}
		failed := 0
		replies, err := r.HandleUntilSaved(context.Background(), h, chatmsg.Update{}, true, time.Second, func(int, error) { failed++ })
		if err != nil || len(replies) != 1 || h.calls != 3 || failed != 2 {
			t.Errorf("polling: %v, %d calls, %d failures reported", err, h.calls, failed)
		}
		for i := 1; i < len(h.at); i++ {
			backoffWithin(t, "polling", h.at[i].Sub(h.at[i-1]), r.Base, i-1)
		}
		h = &flaky{fails: 1}
		if _, err := r.HandleUntilSaved(context.Background(), h, chatmsg.Update{}, false, time.Second, func(int, error) {}); err == nil || h.calls != 1 {
			t.Errorf("webhook: %v after %d calls, want the error after one", err, h.calls)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		h = &flaky{fails: 1 << 30}
		start := time.Now()
		if _, err := r.HandleUntilSaved(ctx, h, chatmsg.Update{}, true, time.Second, func(int, error) {}); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("shutdown: %v", err)
		}
		if took := time.Since(start); took != 30*time.Millisecond {
			t.Errorf("shutdown: retrying stopped %v after the start, want at the 30ms deadline", took)
		}
	})
}

func TestSendRetriesWhatMayWorkLater(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// A pace far quicker than the back-off, so the gaps are the retry's own.
		p := NewPacer(PacerConfig{Rate: 1_000_000, ChatLimit: func(string) (int, time.Duration) { return 1, time.Microsecond }})
		r := Retry{Base: time.Millisecond, MaxRetries: 3}
		var at []time.Time
		attempts := func(errs ...*chatmsg.SendError) (int, error) {
			n := 0
			at = nil
			err := r.Send(context.Background(), p, "c", "op", func(context.Context) *chatmsg.SendError {
				n++
				at = append(at, time.Now())
				if n <= len(errs) {
					return errs[n-1]
				}
				return nil
			}, func(*chatmsg.SendError, int, time.Duration) {})
			return n, err
		}
		busy := &chatmsg.SendError{Retry: true, RetryAfter: 5 * time.Millisecond}
		if n, err := attempts(busy, &chatmsg.SendError{Retry: true}); err != nil || n != 3 {
			t.Errorf("transient failures: %d attempts, %v", n, err)
		}
		// The retry_after is honoured to the tick; the next failure backs off.
		if gap := at[1].Sub(at[0]); gap != 5*time.Millisecond {
			t.Errorf("retry after a 429 with retry_after 5ms came %v later", gap)
		}
		backoffWithin(t, "transient", at[2].Sub(at[1]), r.Base, 1)
		if n, err := attempts(&chatmsg.SendError{Status: 400}); err == nil || n != 1 {
			t.Errorf("bad request: %d attempts, %v", n, err)
		}
		if n, err := attempts(&chatmsg.SendError{Retry: true, Gone: true}); !chatmsg.IsRecipientGone(err) || n != 1 {
			t.Errorf("gone: %d attempts, %v", n, err)
		}
		always := []*chatmsg.SendError{{Retry: true}, {Retry: true}, {Retry: true}, {Retry: true}, {Retry: true}}
		if n, err := attempts(always...); err == nil || n != 4 {
			t.Errorf("always failing: %d attempts, %v; want 1 + 3 retries", n, err)
		}
		for i := 1; i < len(at); i++ {
			backoffWithin(t, "always failing", at[i].Sub(at[i-1]), r.Base, i-1)
		}
	})
}

func TestParseEnvNamesTheVariable(t *testing.T) {
	n, d := 7, time.Second
	vars := map[string]string{"N": "x", "D": "5 minutes"}
	errs := ParseEnv(func(k string) string { return vars[k] }, map[string]*int{"N": &n, "UNSET": &n},
		map[string]*time.Duration{"D": &d})
	if len(errs) != 2 || !strings.Contains(errs[0].Error()+errs[1].Error(), "N must be a whole number") ||
		!strings.Contains(errs[0].Error()+errs[1].Error(), "D must be a duration") {
		t.Errorf("errors: %v", errs)
	}
	vars = map[string]string{"N": "12", "D": "250ms"}
	if errs := ParseEnv(func(k string) string { return vars[k] }, map[string]*int{"N": &n}, map[string]*time.Duration{"D": &d}); len(errs) != 0 || n != 12 || d != 250*time.Millisecond {
		t.Errorf("parsed %d %v %v", n, d, errs)
	}
}
