package bot

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"treembot/storage"
)

// Updates are counted by kind and outcome: handled, duplicate, failed.
func TestMetricsCountUpdatesByOutcome(t *testing.T) {
	h := newHarness(t)
	ds := &downStore{Store: h.store}
	h.store = ds
	h.rebuild()
	m := NewMetrics(MetricsOptions{})
	h.router.Metrics = m
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	upd := h.update(user, "12", KindMessage)
	h.deliver(upd)
	h.deliver(upd)
	h.press(user, "nav:children_u5:back")
	ds.setDown(true)
	_, _ = h.router.Handle(context.Background(), h.update(user, "60", KindMessage))
	for _, c := range []struct {
		kind, outcome string
		want          float64
	}{
		{"message", "ok", 2}, {"message", "duplicate", 1}, {"message", "failed", 1}, {"callback", "ok", 1},
	} {
		if got := testutil.ToFloat64(m.updates.WithLabelValues(c.kind, c.outcome)); got != c.want {
			t.Errorf("updates{%s,%s} = %v, want %v", c.kind, c.outcome, got, c.want)
		}
	}
	if n := testutil.CollectAndCount(m.latency); n != 2 {
		t.Errorf("latency histogram has %d series, want 2 (message, callback)", n)
	}
}

// Sends are counted by source and result; a 429 is counted as throttled
// and a delivered reminder as a reminder sent.
func TestMetricsCountSendsBy429AndReminders(t *testing.T) {
	m := NewMetrics(MetricsOptions{})
	rec := &recordingSender{}
	reminders := m.WrapSender(rec, SourceReminder)
	replies := m.WrapSender(rec, SourceReply)
	ctx := context.Background()
	_ = reminders.Send(ctx, Message{ChatID: "1", Text: "x"})
	rec.err = &SendError{Op: "sendMessage", Status: http.StatusTooManyRequests, Retry: true, Err: errors.New("slow down")}
	_ = replies.Send(ctx, Message{ChatID: "1", Text: "x"})
	rec.err = &SendError{Op: "sendMessage", Status: http.StatusForbidden, Gone: true, Err: errors.New("blocked")}
	_ = replies.Send(ctx, Message{ChatID: "1", Text: "x"})
	checks := map[string]float64{
		"reminder/ok":     testutil.ToFloat64(m.sends.WithLabelValues(SourceReminder, "ok")),
		"reply/retryable": testutil.ToFloat64(m.sends.WithLabelValues(SourceReply, "retryable")),
		"reply/gone":      testutil.ToFloat64(m.sends.WithLabelValues(SourceReply, "gone")),
		"throttled":       testutil.ToFloat64(m.throttled),
		"reminders":       testutil.ToFloat64(m.reminders),
	}
	for name, got := range checks {
		if got != 1 {
			t.Errorf("%s = %v, want 1", name, got)
		}
	}
	if rec.count() != 3 {
		t.Errorf("wrapper delivered %d of 3 messages", rec.count())
	}
	if s := (*Metrics)(nil).WrapSender(rec, SourceReply); s != Sender(rec) {
		t.Error("a nil Metrics must not wrap")
	}
}

// The handler serves every metric in the text format, with the database
// counts read at scrape time; a failing count leaves only itself out.
func TestMetricsHandlerServesCountsFromTheDatabase(t *testing.T) {
	m := NewMetrics(MetricsOptions{
		SubmissionsByStatus: func(context.Context) (map[string]int, error) {
			return map[string]int{storage.StatusDraft: 3, storage.StatusSubmitted: 7}, nil
		},
		OutboxDepth: func(context.Context) (map[string]int, error) { return nil, errors.New("database down") },
	})
	m.observeUpdate(KindMessage, outcomeOK, 30*time.Millisecond)
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	page := string(body)
	for _, want := range []string{
		`treembot_updates_total{kind="message",outcome="ok"} 1`,
		`treembot_update_duration_seconds_bucket{kind="message",le="0.05"} 1`,
		`treembot_submissions{status="draft"} 3`, `treembot_submissions{status="submitted"} 7`,
		"go_goroutines", "process_",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("metrics page lacks %s", want)
		}
	}
	if strings.Contains(page, "treembot_outbox_messages{") {
		t.Error("a failed count must be left out, not reported")
	}
}
