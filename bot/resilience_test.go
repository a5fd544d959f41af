package bot

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/sessions"
)

// recordingSender keeps what it was asked to send.
type recordingSender struct {
	mu   sync.Mutex
	msgs []Message
	err  error
}

func (s *recordingSender) Send(_ context.Context, m Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	return s.err
}

func (s *recordingSender) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.msgs)
}

// downStore fails every lookup of a user while down, as when PostgreSQL
// is unreachable.
type downStore struct {
	Store
	mu   sync.Mutex
	down bool
}

func (d *downStore) setDown(v bool) {
	d.mu.Lock()
	d.down = v
	d.mu.Unlock()
}

func (d *downStore) UserByIdentity(ctx context.Context, channel, id string) (*storage.User, error) {
	d.mu.Lock()
	down := d.down
	d.mu.Unlock()
	if down {
		return nil, errors.New("dial tcp 127.0.0.1:5432: connection refused")
	}
	return d.Store.UserByIdentity(ctx, channel, id)
}

// downSessions fails every call while down, as when Redis is unreachable.
type downSessions struct {
	sessions.Store
	mu   sync.Mutex
	down bool
}

func (d *downSessions) setDown(v bool) {
	d.mu.Lock()
	d.down = v
	d.mu.Unlock()
}

func (d *downSessions) err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.down {
		return errors.New("dial tcp 127.0.0.1:6379: connection refused")
	}
	return nil
}

func (d *downSessions) Get(ctx context.Context, key string) ([]byte, error) {
	if err := d.err(); err != nil {
		return nil, err
	}
	return d.Store.Get(ctx, key)
}

func (d *downSessions) Set(ctx context.Context, key string, v []byte, ttl time.Duration) error {
	if err := d.err(); err != nil {
		return err
	}
	return d.Store.Set(ctx, key, v, ttl)
}

func (d *downSessions) Lock(ctx context.Context, key string, ttl time.Duration) (func(), error) {
	if err := d.err(); err != nil {
		return nil, err
	}
	return d.Store.Lock(ctx, key, ttl)
}

// A redelivered form answer that this process did not handle (it arrived
// after a crash) asks the waiting question again and changes nothing; the
// same redelivery to the process that handled it stays silent.
func TestRedeliveryAfterRestartAsksTheWaitingQuestionAgain(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	upd := h.update(user, "12", KindMessage)
	mustContain(t, joinTexts(h.deliver(upd)), "Câu 2 —")
	if again := h.deliver(upd); len(again) != 0 {
		t.Fatalf("redelivery to the same process answered: %v", again)
	}
	h.rebuild() // a new process
	got := joinTexts(h.deliver(upd))
	mustContain(t, got, "Câu 2 —")
	if c := h.conv(user); c.State.Current != "children_u5" {
		t.Errorf("redelivery moved the form to %s", c.State.Current)
	}
	if vals, _ := h.values(user); len(vals) != 1 || vals["children_u1"] != "12" {
		t.Errorf("values after redelivery: %v", vals)
	}
	if again := h.deliver(upd); len(again) != 0 {
		t.Errorf("a second redelivery to the new process answered again: %v", again)
	}
}

// A crash after the conversation was saved but before the update was
// marked handled: the update comes back as new, and its answer must not
// be taken for the next question.
func TestAnswerReplayedAfterCrashIsNotTakenForTheNextQuestion(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	upd := h.update(user, "12", KindMessage)
	h.deliver(upd)
	if err := h.sess.Delete(context.Background(), "done:terminal:"+upd.UpdateID); err != nil {
		t.Fatal(err)
	}
	h.rebuild()
	mustContain(t, joinTexts(h.deliver(upd)), "Câu 2 —")
	vals, sub := h.values(user)
	if len(vals) != 1 {
		t.Fatalf("replayed answer stored again: %v", vals)
	}
	trail, err := h.real.AuditTrail(context.Background(), storage.EntitySubmission, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := countAudit(trail, storage.AuditValueSet); n != 1 {
		t.Errorf("%d value_set audit entries, want 1", n)
	}
	mustContain(t, h.send(user, "60"), "Câu 3 —")
}

func countAudit(trail []storage.AuditEntry, action string) int {
	n := 0
	for _, e := range trail {
		if e.Action == action {
			n++
		}
	}
	return n
}

// While the database is down an update fails (so it is not acknowledged
// and comes back), the person is told once to wait, and after recovery
// the same update is handled once.
func TestDatabaseDownTellsToWaitOnceThenHandlesOnce(t *testing.T) {
	h := newHarness(t)
	ds := &downStore{Store: h.store}
	h.store = ds
	h.rebuild()
	notices := &recordingSender{}
	h.router.Notifiers = map[string]Sender{"terminal": notices}
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	ds.setDown(true)
	upd := h.update(user, "12", KindMessage)
	for i := 0; i < 3; i++ {
		if _, err := h.router.Handle(context.Background(), upd); err == nil {
			t.Fatalf("attempt %d during the outage succeeded", i+1)
		}
	}
	if n := notices.count(); n != 1 {
		t.Fatalf("%d wait notices for one chat, want 1", n)
	}
	if got := notices.msgs[0]; got.ChatID != user || got.Text != h.vi("ops_please_wait") {
		t.Errorf("notice %+v", got)
	}
	ds.setDown(false)
	mustContain(t, joinTexts(h.deliver(upd)), "Câu 2 —")
	if vals, _ := h.values(user); vals["children_u1"] != "12" {
		t.Fatalf("answer not stored after recovery: %v", vals)
	}
	// A later outage is a new one: one more notice.
	ds.setDown(true)
	_, _ = h.router.Handle(context.Background(), h.update(user, "60", KindMessage))
	if n := notices.count(); n != 2 {
		t.Errorf("%d notices after a second outage, want 2", n)
	}
}

// With the session store down nothing is taken (no lock, no dedup): the
// update fails and waits; once the store is back it is handled once, at
// the right question.
func TestSessionStoreDownWaitsThenResumes(t *testing.T) {
	h := newHarness(t)
	ds := &downSessions{Store: h.sess}
	h.sess = ds
	h.rebuild()
	notices := &recordingSender{}
	h.router.Notifiers = map[string]Sender{"terminal": notices}
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	ds.setDown(true)
	upd := h.update(user, "12", KindMessage)
	for i := 0; i < 2; i++ {
		if _, err := h.router.Handle(context.Background(), upd); err == nil {
			t.Fatal("handled with the session store down")
		}
	}
	if vals, _ := h.values(user); len(vals) != 0 {
		t.Fatalf("values saved while the update failed: %v", vals)
	}
	if n := notices.count(); n != 1 {
		t.Errorf("%d wait notices, want 1", n)
	}
	ds.setDown(false)
	mustContain(t, joinTexts(h.deliver(upd)), "Câu 2 —")
	if len(h.deliver(upd)) != 0 {
		t.Error("the update was handled twice")
	}
}

// The per-update log line is at info level, says what an operator needs
// and never holds the message text.
func TestUpdateLogLineIsInfoWithoutText(t *testing.T) {
	h := newHarness(t)
	var buf bytes.Buffer
	h.router.Logger = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	h.send(user, "987654")
	out := buf.String()
	if strings.Contains(out, "987654") {
		t.Fatalf("message text in the log:\n%s", out)
	}
	lines := strings.Count(out, `"msg":"update handled"`)
	if lines != 2 {
		t.Fatalf("%d 'update handled' lines for 2 updates:\n%s", lines, out)
	}
	for _, want := range []string{`"level":"INFO"`, `"chat":"` + chatHash(user) + `"`, `"kind":"message"`,
		`"latency_ms":`, `"outcome":"ok"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
}

// globalBudget refuses the budget for everyone's join attempts.
type globalBudget struct {
	sessions.Store
	keys []string
}

func (g *globalBudget) Allow(ctx context.Context, key string, limit int, period time.Duration) (bool, time.Duration, error) {
	g.keys = append(g.keys, key)
	if strings.HasSuffix(key, ":*") {
		return false, 3 * time.Minute, nil
	}
	return g.Store.Allow(ctx, key, limit, period)
}

// Invite codes are throttled for everyone together too: when that budget
// is spent, a valid code is not even tried.
func TestInviteGuessesAreThrottledGlobally(t *testing.T) {
	h := newHarness(t)
	g := &globalBudget{Store: h.sess}
	h.sess = g
	h.rebuild()
	invites, err := h.real.CreateInvites(context.Background(), storage.InviteRequest{
		Role: storage.RoleCollaborator, UnitCode: "VQ-XL-01", TTL: time.Hour, Now: h.now})
	if err != nil {
		t.Fatal(err)
	}
	got := h.send("newcomer", "/start "+invites[0].Code)
	if want := h.vi("ops_join_busy", map[string]any{"Minutes": 4}); got != want {
		t.Errorf("reply %q, want %q", got, want)
	}
	if len(g.keys) != 2 || g.keys[0] != "join:terminal:newcomer" {
		t.Errorf("budgets asked: %v", g.keys)
	}
	if _, err := h.real.UserByIdentity(context.Background(), "terminal", "newcomer"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("joined although throttled: %v", err)
	}
}
