//go:build faults

package faults

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/telegram/telegramtest"
	"treembot/flows"
	"treembot/internal/cli/clitest"
	"treembot/locales"
	"treembot/storage"
)

// fieldUser is one collaborator talking to the bot through the fake Bot
// API, with the village they report for.
type fieldUser struct {
	tg   *telegramtest.Server
	id   int64
	unit string
	code string // invite code
}

// say sends text and waits until a reply containing want arrives.
func (u *fieldUser) say(text, want string, limit time.Duration) error {
	return u.deliver(telegramtest.PrivateText(u.id, text), want, limit)
}

func (u *fieldUser) deliver(upd tgbotapi.Update, want string, limit time.Duration) error {
	before := len(u.tg.Received(u.id))
	u.tg.AddUpdate(upd)
	return u.await(before, want, limit)
}

// await waits until a message after the first `before` contains want.
func (u *fieldUser) await(before int, want string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if got := u.tg.Received(u.id); len(got) > before && containsAny(got[before:], want) {
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	got := u.tg.Received(u.id)
	last := ""
	if len(got) > 0 {
		last = got[len(got)-1].Text
	}
	return fmt.Errorf("user %d: no reply with %q within %s (last: %q)", u.id, want, limit, tailOf(last, 300))
}

// villageUsers adds n villages under VQ-XL, an invite for each, and the
// collaborators who will use them (not joined yet).
func villageUsers(t *testing.T, w *faultWorld, n int) []*fieldUser {
	ctx := context.Background()
	st := w.store()
	var csv strings.Builder
	csv.WriteString("code,name,level,parent_code\n")
	for i := range n {
		fmt.Fprintf(&csv, "F-%03d,Thôn Thử %d,village,VQ-XL\n", i, i)
	}
	if _, err := st.ImportUnits(ctx, strings.NewReader(csv.String())); err != nil {
		t.Fatal(err)
	}
	users := make([]*fieldUser, n)
	for i := range n {
		unit := fmt.Sprintf("F-%03d", i)
		inv, err := st.CreateInvites(ctx, storage.InviteRequest{Role: storage.RoleCollaborator, UnitCode: unit,
			TTL: 24 * time.Hour, Now: time.Date(2025, 5, 7, 8, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		users[i] = &fieldUser{tg: w.tg, id: int64(810000 + i), unit: unit, code: inv[0].Code}
	}
	return users
}

// joinAndOpen has every user join and open the report, in parallel.
func joinAndOpen(t *testing.T, users []*fieldUser) {
	eachUser(t, users, func(u *fieldUser) error {
		if err := u.say("/start "+u.code, "Chào mừng", 60*time.Second); err != nil {
			return err
		}
		return u.say("/report", "Câu 1 —", 60*time.Second)
	})
}

// eachUser runs f for every user at once and fails t with every error.
func eachUser(t *testing.T, users []*fieldUser, f func(u *fieldUser) error) {
	t.Helper()
	errs := make(chan error, len(users))
	for _, u := range users {
		go func() { errs <- f(u) }()
	}
	for range users {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// formAnswer is one question of the village report with what a person
// types and what must be stored.
type formAnswer struct {
	code, typed, stored string
}

// firstAnswers returns the first n questions of the village report in the
// order the bot asks them, with the answers of the piped-chat script.
func firstAnswers(t *testing.T, n int) []formAnswer {
	forms, err := flows.LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]string{}
	for code, a := range clitest.ScriptAnswers {
		stored[code] = a[1]
	}
	var out []formAnswer
	for _, q := range flows.NewEngine(locales.MustLoad()).Questions(forms["village_report"], stored) {
		a, ok := clitest.ScriptAnswers[q.ID]
		if !ok || q.Type != flows.TypeCount {
			t.Fatalf("question %s has no count answer in the script", q.ID)
		}
		if out = append(out, formAnswer{code: q.ID, typed: a[0], stored: a[1]}); len(out) == n {
			break
		}
	}
	return out
}

// draftOf returns the values and the value audit of unit's 2025-H1 draft.
func draftOf(t *testing.T, st *storage.Store, unit string) (map[string]string, map[string]int) {
	t.Helper()
	ctx := context.Background()
	u, err := st.UnitByCode(ctx, unit)
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.PeriodByCode(ctx, "2025-H1")
	if err != nil {
		t.Fatal(err)
	}
	sub, err := st.FindSubmission(ctx, u.ID, p.ID, "village_report")
	if err != nil {
		t.Fatalf("submission of %s: %v", unit, err)
	}
	vals, err := st.Values(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	trail, err := st.AuditTrail(ctx, storage.EntitySubmission, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string]int{}
	for _, e := range trail {
		if e.Action == storage.AuditValueSet {
			sets[e.Field]++
		}
	}
	return vals, sets
}

// checkDraft fails t unless unit's draft holds exactly the first n
// answers, each written once.
func checkDraft(t *testing.T, st *storage.Store, unit string, answers []formAnswer, n int) {
	t.Helper()
	vals, sets := draftOf(t, st, unit)
	for i, a := range answers[:n] {
		if vals[a.code] != a.stored || sets[a.code] != 1 {
			t.Errorf("%s: answer %d %s = %q written %d times; want %q once", unit, i+1, a.code, vals[a.code], sets[a.code], a.stored)
		}
	}
	if len(vals) != n {
		t.Errorf("%s: %d values stored, want %d: %v", unit, len(vals), n, vals)
	}
}
