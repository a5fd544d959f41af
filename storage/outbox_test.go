package storage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/storagetest"
)

func outboxRow(key string, at time.Time) storage.OutboxMessage {
	return storage.OutboxMessage{Key: key, RuleCode: "due_7", Kind: storage.RuleDue, PeriodID: 1, PeriodCode: "2025-H1",
		UserID: 1, Lang: "vi", Channel: "telegram", ExternalID: "42", ChatID: "42", Text: "nhắc",
		SendFrom: 450, SendUntil: 1230, NextAttemptAt: at, ExpiresAt: at.Add(24 * time.Hour)}
}

func TestEnqueueSameKeyTwiceIsANoOp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storagetest.New(t)
	now := storagetest.Now()
	n, err := s.EnqueueOutbox(ctx, []storage.OutboxMessage{outboxRow("a", now), outboxRow("b", now)})
	if err != nil || n != 2 {
		t.Fatalf("first enqueue = %d, %v; want 2 new", n, err)
	}
	again := outboxRow("a", now)
	again.Text = "changed"
	n, err = s.EnqueueOutbox(ctx, []storage.OutboxMessage{again, outboxRow("c", now)})
	if err != nil || n != 1 {
		t.Fatalf("second enqueue = %d, %v; want only c new", n, err)
	}
	rows, err := s.OutboxMessages(ctx, "", "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Text != "nhắc" {
		t.Fatalf("outbox holds %d rows, first text %q; want 3 and the original text kept", len(rows), rows[0].Text)
	}
	keys, err := s.OutboxKeys(ctx, []storage.OutboxSlot{{RuleCode: "due_7", PeriodCode: "2025-H1"}})
	if err != nil || len(keys) != 3 || !keys["a"] {
		t.Fatalf("OutboxKeys = %v, %v", keys, err)
	}
}

// Two dispatchers claiming at once never get the same row.
func TestConcurrentClaimsAreDisjoint(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := storagetest.NewPair(t)
	now := storagetest.Now()
	var rows []storage.OutboxMessage
	for i := range 200 {
		rows = append(rows, outboxRow(fmt.Sprintf("k%03d", i), now))
	}
	if _, err := a.EnqueueOutbox(ctx, rows); err != nil {
		t.Fatal(err)
	}
	seen := map[uint]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w, st := range []*storage.Store{a, b, a, b} {
		wg.Go(func() {
			token := fmt.Sprintf("worker-%d", w)
			for {
				got, err := st.ClaimOutbox(ctx, storage.ClaimRequest{Owner: token, Now: now, Limit: 7, Lease: time.Minute})
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, m := range got {
					if prev, dup := seen[m.ID]; dup {
						t.Errorf("row %d claimed by %s and %s", m.ID, prev, token)
					}
					seen[m.ID] = token
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != 200 {
		t.Fatalf("%d rows claimed, want 200", len(seen))
	}
}

func TestClaimHonoursScheduleExpiryAndRecovery(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storagetest.New(t)
	now := storagetest.Now()
	later := outboxRow("later", now.Add(time.Hour))
	stale := outboxRow("stale", now.Add(-48*time.Hour))
	if _, err := s.EnqueueOutbox(ctx, []storage.OutboxMessage{outboxRow("ready", now), later, stale}); err != nil {
		t.Fatal(err)
	}
	got, err := s.ClaimOutbox(ctx, storage.ClaimRequest{Owner: "t1", Now: now, Limit: 10, Lease: time.Minute})
	if err != nil || len(got) != 1 || got[0].Key != "ready" {
		t.Fatalf("claim = %v, %v; want only the ready row", got, err)
	}
	if ok, err := s.MarkOutboxSending(ctx, got[0].ID, got[0].ClaimToken, now.Add(time.Hour)); !ok || err != nil {
		t.Fatalf("mark sending = %v, %v", ok, err)
	}
	// Past the claim's minute but within the send's own lease: a slow send, not a dead one.
	if err := s.RecoverOutbox(ctx, now.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if st := statusOf(t, s)["ready"]; st != storage.OutboxSending {
		t.Fatalf("a send still within its lease became %s", st)
	}
	// The dispatcher dies mid-send; after the lease, the row is failed, not resent.
	if err := s.RecoverOutbox(ctx, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	counts := statusOf(t, s)
	if counts["ready"] != storage.OutboxFailed || counts["stale"] != storage.OutboxExpired || counts["later"] != storage.OutboxQueued {
		t.Fatalf("after recovery: %v", counts)
	}
	got, err = s.ClaimOutbox(ctx, storage.ClaimRequest{Owner: "t2", Now: now.Add(2 * time.Hour), Limit: 10, Lease: time.Minute})
	if err != nil || len(got) != 1 || got[0].Key != "later" {
		t.Fatalf("second claim = %v, %v", got, err)
	}
	if err := s.ReleaseOutbox(ctx, got[0].ClaimToken); err != nil {
		t.Fatal(err)
	}
	if statusOf(t, s)["later"] != storage.OutboxQueued {
		t.Fatal("released row is not queued again")
	}
}

func TestFinishRecordsOutcomeOnlyForTheClaimHolder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storagetest.New(t)
	now := storagetest.Now()
	if _, err := s.EnqueueOutbox(ctx, []storage.OutboxMessage{outboxRow("x", now)}); err != nil {
		t.Fatal(err)
	}
	got, err := s.ClaimOutbox(ctx, storage.ClaimRequest{Owner: "mine", Now: now, Limit: 1, Lease: time.Minute})
	if err != nil || len(got) != 1 {
		t.Fatal(got, err)
	}
	id := got[0].ID
	if err := s.FinishOutbox(ctx, storage.OutboxOutcome{ID: id, Token: "other", Status: storage.OutboxSent, Now: now}); err != nil {
		t.Fatal(err)
	}
	if statusOf(t, s)["x"] != storage.OutboxClaimed {
		t.Fatal("a dispatcher without the claim changed the row")
	}
	err = s.FinishOutbox(ctx, storage.OutboxOutcome{ID: id, Token: got[0].ClaimToken, Status: storage.OutboxQueued,
		Error: "sendMessage: status 502", Now: now, NextAttemptAt: now.Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := s.OutboxMessages(ctx, "due_7", storage.OutboxQueued, 5)
	if len(rows) != 1 || rows[0].LastError != "sendMessage: status 502" || !rows[0].NextAttemptAt.Equal(now.Add(time.Minute)) {
		t.Fatalf("retry not recorded: %+v", rows)
	}
	counts, err := s.OutboxCounts(ctx)
	if err != nil || len(counts) != 1 || counts[0] != (storage.OutboxCount{RuleCode: "due_7", Status: "queued", Count: 1}) {
		t.Fatalf("counts = %+v, %v", counts, err)
	}
}

func statusOf(t *testing.T, s *storage.Store) map[string]string {
	t.Helper()
	rows, err := s.OutboxMessages(context.Background(), "", "", 100)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		out[r.Key] = r.Status
	}
	return out
}
