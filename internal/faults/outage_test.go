//go:build faults

package faults

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	// The SQLite driver, to hold the test database's write lock.
	_ "github.com/glebarez/go-sqlite"

	"treembot/bot/telegram/telegramtest"
	"treembot/internal/testkit"
	"treembot/locales"
)

// pleaseWait is the notice a person gets once while their message waits.
func pleaseWait() string { return locales.MustLoad().T("vi", "ops_please_wait") }

// waitNotices counts the "please wait" notices u received.
func waitNotices(u *fieldUser) int {
	n := 0
	for _, m := range u.tg.Received(u.id) {
		if m.Text == pleaseWait() {
			n++
		}
	}
	return n
}

// answerInTurn has every user answer questions [from, to) in parallel,
// each reply having to ask the next question.
func answerInTurn(t *testing.T, users []*fieldUser, answers []formAnswer, from, to int) {
	t.Helper()
	eachUser(t, users, func(u *fieldUser) error {
		for k := from; k < to; k++ {
			if err := u.say(answers[k].typed, fmt.Sprintf("Câu %d —", k+2), 30*time.Second); err != nil {
				return fmt.Errorf("answer %d: %w", k+1, err)
			}
		}
		return nil
	})
}

// outage is one part of the system made unreachable for the bot.
type outage interface {
	down()
	up()
	// pingable is true when a ping still succeeds during it (an SQLite
	// write lock), so /readyz cannot see it.
	pingable() bool
}

// sendDuringOutage has every user send answer k while the outage lasts
// for hold: each gets exactly one "please wait", no answer and no
// acknowledgement; the bot stays alive and not ready. After up, each gets
// the next question and still only one notice.
func sendDuringOutage(t *testing.T, w *faultWorld, b *botProc, users []*fieldUser, answers []formAnswer, k int, o outage, hold time.Duration) {
	t.Helper()
	o.down()
	ended := time.Now().Add(hold)
	before := map[int64]int{}
	ids := map[int64]int{}
	for _, u := range users {
		before[u.id] = len(w.tg.Received(u.id))
		ids[u.id] = w.tg.AddUpdate(telegramtest.PrivateText(u.id, answers[k].typed))
	}
	eachUser(t, users, func(u *fieldUser) error { return u.await(before[u.id], pleaseWait(), hold) })
	polled := len(w.tg.Calls("getUpdates"))
	if code := httpStatus("http://" + b.addr + "/readyz"); code != http.StatusServiceUnavailable && !o.pingable() {
		t.Errorf("/readyz during the outage: %d, want 503", code)
	}
	// The whole outage, and two more polls: each carries the offset, so an
	// update acknowledged before it was saved would show in it.
	testkit.Eventually(t, hold+10*time.Second, "the outage's end and two more polls", func() bool {
		return !time.Now().Before(ended) && len(w.tg.Calls("getUpdates")) >= polled+2
	})
	for _, u := range users {
		if w.tg.Confirmed() > ids[u.id] {
			t.Errorf("update %d acknowledged before its answer could be saved", ids[u.id])
		}
		if got := w.tg.Received(u.id)[before[u.id]:]; containsAny(got, fmt.Sprintf("Câu %d —", k+2)) {
			t.Errorf("user %d got the next question during the outage", u.id)
		}
	}
	if !b.alive() || httpStatus("http://"+b.addr+"/healthz") != http.StatusOK {
		t.Fatal("the bot died during the outage")
	}
	o.up()
	eachUser(t, users, func(u *fieldUser) error {
		return u.await(before[u.id], fmt.Sprintf("Câu %d —", k+2), 60*time.Second)
	})
	for _, u := range users {
		if n := waitNotices(u); n != 1 {
			t.Errorf("user %d got %d 'please wait' notices, want 1", u.id, n)
		}
	}
	testkit.Eventually(t, 10*time.Second, "ready again", func() bool { return httpStatus("http://"+b.addr+"/readyz") == http.StatusOK })
}

// PostgreSQL unreachable for 20 s: nothing is acknowledged until saved,
// each person is told once to wait, and after recovery every answer is
// handled once, at its own question.
func TestDatabaseDownNothingAcknowledgedUntilSaved(t *testing.T) {
	t.Parallel()
	w := newFaultWorld(t)
	people, hold := 5, 20*time.Second
	if w.pg == nil {
		// SQLite has one connection, and each blocked write (an answer,
		// the reminder dispatcher's claim) holds it for the 10 s busy
		// timeout: one person, and a longer outage, show the behaviour.
		people, hold = 1, 40*time.Second
	}
	users := villageUsers(t, w, people)
	answers := firstAnswers(t, 5)
	b := w.startChild(nil)
	joinAndOpen(t, users)
	answerInTurn(t, users, answers, 0, 2)
	sendDuringOutage(t, w, b, users, answers, 2, w.databaseOutage(), hold)
	answerInTurn(t, users, answers, 3, 5)
	st := w.store()
	for _, u := range users {
		checkDraft(t, st, u.unit, answers, 5)
	}
}

// Redis unreachable: the bot neither crashes nor loses the answer; it
// tells each person once to wait, reconnects by itself and carries on.
func TestRedisDownThenReconnects(t *testing.T) {
	t.Parallel()
	w := newFaultWorld(t)
	users := villageUsers(t, w, 5)
	answers := firstAnswers(t, 5)
	b := w.startChild(nil)
	joinAndOpen(t, users)
	answerInTurn(t, users, answers, 0, 2)
	sendDuringOutage(t, w, b, users, answers, 2, proxyOutage{w.redis}, 6*time.Second)
	answerInTurn(t, users, answers, 3, 5)
	st := w.store()
	for _, u := range users {
		checkDraft(t, st, u.unit, answers, 5)
	}
}

// Redis emptied mid-conversations (FLUSHALL, or a restart without
// persistence): every conversation resumes from the database drafts at
// its next question, and dedup and locks work again at once.
func TestRedisFlushedResumesFromDrafts(t *testing.T) {
	t.Parallel()
	w := newFaultWorld(t)
	users := villageUsers(t, w, 10)
	answers := firstAnswers(t, 8)
	w.startChild(nil)
	joinAndOpen(t, users)
	answerInTurn(t, users, answers, 0, 4)
	w.flushRedis()
	answerInTurn(t, users, answers, 4, 8)
	st := w.store()
	for _, u := range users {
		checkDraft(t, st, u.unit, answers, 8)
	}
}

// proxyOutage cuts a server off through its proxy.
type proxyOutage struct{ p *tcpProxy }

func (o proxyOutage) down()          { o.p.Down() }
func (o proxyOutage) up()            { o.p.Up() }
func (o proxyOutage) pingable() bool { return false }

// databaseOutage makes the database unreachable for the bot: PostgreSQL
// through its proxy, or, on SQLite (a file, no network), by holding its
// write lock so that every save fails after the busy timeout.
func (w *faultWorld) databaseOutage() outage {
	if w.pg != nil {
		return proxyOutage{w.pg}
	}
	return &sqliteLock{t: w.t, path: w.direct.SQLitePath}
}

// sqliteLock holds an SQLite database's write lock while down.
type sqliteLock struct {
	t    *testing.T
	path string
	db   *sql.DB
	conn *sql.Conn
}

func (l *sqliteLock) down() {
	db, err := sql.Open("sqlite", "file:"+l.path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		l.t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err == nil {
		_, err = conn.ExecContext(ctx, "BEGIN EXCLUSIVE")
	}
	if err != nil {
		l.t.Fatalf("lock the SQLite database: %v", err)
	}
	l.db, l.conn = db, conn
	l.t.Cleanup(l.up)
}

func (l *sqliteLock) pingable() bool { return true }

func (l *sqliteLock) up() {
	if l.conn == nil {
		return
	}
	if _, err := l.conn.ExecContext(context.Background(), "ROLLBACK"); err != nil && !strings.Contains(err.Error(), "no transaction") {
		l.t.Errorf("unlock the SQLite database: %v", err)
	}
	l.conn.Close()
	l.db.Close()
	l.conn = nil
}
