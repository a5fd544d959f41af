package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"treembot/flows"
	"treembot/locales"
	"treembot/storage"
	"treembot/storage/sessions"
	"treembot/storage/sessions/sessionstest"
	"treembot/storage/storagetest"
)

// harness drives the router the way a channel adapter would, on a real
// store (SQLite, or PostgreSQL with TEST_DATABASE_URL) and session store.
type harness struct {
	t       *testing.T
	router  *Router
	store   Store
	real    *storage.Store
	sess    sessions.Store
	cat     *locales.Catalog
	forms   map[string]*flows.Form
	now     time.Time
	demo    storage.DemoResult
	nextUpd int
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	st, demo := storagetest.NewSeeded(t, nil)
	h := &harness{t: t, store: st, real: st, sess: sessionstest.New(t), cat: locales.MustLoad(),
		now: storagetest.Now(), demo: demo}
	forms, err := flows.LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	h.forms = forms
	h.rebuild()
	return h
}

// rebuild makes a new router on the same parts, as after a restart.
func (h *harness) rebuild() {
	h.t.Helper()
	r, err := NewRouter(Deps{Store: h.store, Sessions: h.sess, Engine: flows.NewEngine(h.cat),
		Forms: h.forms, Catalog: h.cat, Clock: func() time.Time { return h.now },
		Zone: storagetest.Zone(), DefaultLang: "vi"})
	if err != nil {
		h.t.Fatal(err)
	}
	h.router = r
}

// demoUser returns the external id of the first demo user with role.
func (h *harness) demoUser(role string) string {
	for _, u := range h.demo.Users {
		if u.Role == role {
			return u.ExternalID
		}
	}
	h.t.Fatalf("no demo user with role %s", role)
	return ""
}

func (h *harness) update(user, text string, kind UpdateKind) Update {
	h.nextUpd++
	return Update{Channel: "terminal", UpdateID: fmt.Sprint(h.nextUpd), ChatID: user, UserID: user,
		UserName: "Người thử", LangCode: "vi", Kind: kind, Text: text}
}

// deliver hands one update to the router and fails the test on error.
func (h *harness) deliver(upd Update) []Message {
	h.t.Helper()
	msgs, err := h.router.Handle(context.Background(), upd)
	if err != nil {
		h.t.Fatalf("handle %q: %v", upd.Text, err)
	}
	return msgs
}

func (h *harness) send(user, text string) string {
	h.t.Helper()
	return joinTexts(h.deliver(h.update(user, text, KindMessage)))
}

func (h *harness) press(user, data string) string {
	h.t.Helper()
	return joinTexts(h.deliver(h.update(user, data, KindCallback)))
}

func joinTexts(msgs []Message) string {
	var parts []string
	for _, m := range msgs {
		parts = append(parts, m.Text)
	}
	return strings.Join(parts, "\n")
}

// conv reads the conversation the router keeps for user (nil if none).
func (h *harness) conv(user string) *conversation {
	h.t.Helper()
	raw, err := h.sess.Get(context.Background(), "conv:terminal:"+user)
	if err != nil {
		return nil
	}
	var c conversation
	if err := json.Unmarshal(raw, &c); err != nil {
		h.t.Fatal(err)
	}
	return &c
}

// vi renders a Vietnamese catalogue message, to compare with replies.
func (h *harness) vi(id string, data ...map[string]any) string {
	return h.cat.T("vi", id, data...)
}

func mustContain(t *testing.T, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Fatalf("reply does not contain %q:\n%s", want, got)
	}
}

// goodAnswers is a plausible report of the village or the commune: every
// constraint holds.
var goodAnswers = map[string]string{
	"children_u1": "12", "children_u5": "60", "children_u8": "95", "children_u16": "1.210",
	"live_births": "14", "deaths_u28d": "0", "deaths_u1": "1", "deaths_u5": "1",
	"u8_ecd_access": "90", "u5_birth_unregistered": "0", "u5_birth_registered": "60",
	"special_circumstances": "3", "special_assisted": "3", "abuse_cases": "0", "child_labour": "0",
	"accident_injuries": "2", "accident_deaths": "0", "disaster_affected": "0",
	"marriages": "8", "child_marriages": "1",
	"child_friendly": "có", "play_space": "không",
	// The 4th choice, 2023: typing "2023" is read as a button number (flows).
	"child_friendly_year": "4",
	"data_source":         "1", "difficulties": "Thiếu kinh phí <b>tập huấn</b>", "proposals": "bỏ qua",
}

// stored is what goodAnswers to the village report must become in the
// database.
var stored = map[string]string{
	"children_u1": "12", "children_u5": "60", "children_u8": "95", "children_u16": "1210",
	"u8_ecd_access": "90", "u5_birth_unregistered": "0",
	"special_circumstances": "3", "special_assisted": "3", "abuse_cases": "0", "child_labour": "0",
	"accident_injuries": "2", "accident_deaths": "0", "disaster_affected": "0",
	"marriages": "8", "child_marriages": "1",
	"data_source": "records", "difficulties": "Thiếu kinh phí <b>tập huấn</b>", "proposals": "",
}

// answerUntilReview answers each question the router asks with
// goodAnswers, until the review is shown; it returns the last reply.
func (h *harness) answerUntilReview(user string) string {
	h.t.Helper()
	last := ""
	for i := 0; i < 100; i++ {
		c := h.conv(user)
		if c == nil {
			h.t.Fatalf("no conversation after %d answers; last reply:\n%s", i, last)
		}
		if c.State.Stage == flows.StageReview {
			return last
		}
		answer, ok := goodAnswers[c.State.Current]
		if !ok {
			h.t.Fatalf("no test answer for question %q", c.State.Current)
		}
		last = h.send(user, answer)
	}
	h.t.Fatal("form never reached the review")
	return ""
}
