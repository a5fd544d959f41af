package bench

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"treembot/flows"
	"treembot/internal/app"
	"treembot/locales"
	"treembot/storage"
)

// benchUser is one simulated collaborator: their Telegram id (also their
// private chat), their village, what they send and what must be stored.
type benchUser struct {
	id    int64
	unit  string
	steps []benchStep
	want  map[string]string // element code → canonical value
}

// benchStep is one update: typed text, or the press of the button whose
// callback data is press.
type benchStep struct {
	text  string
	press string
	kind  string // what it is, to break latencies down: join, answer, mistake...
}

// benchCounts are a plausible village's figures; user i sends them times
// 1+i%5, which keeps every "of whom ≤ total" rule of the form true.
var benchCounts = map[string]int{
	"children_u1": 12, "children_u5": 60, "children_u8": 95, "children_u16": 1210,
	"u8_ecd_access": 90, "special_circumstances": 3, "special_assisted": 3, "abuse_cases": 0,
	"child_labour": 0, "accident_injuries": 2, "accident_deaths": 0, "disaster_affected": 4,
	"disaster_helped": 4, "child_marriages": 1, "marriages": 8, "u5_birth_unregistered": 2,
}

// benchMistakes are typed before some answers, as people do: each must be
// refused and the question asked again.
var benchMistakes = map[string][]string{
	"children_u1":  {"abc"},
	"children_u8":  {"1,5"}, // not a whole number
	"children_u16": {"1"},   // fewer than the children up to 8
	"data_source":  {"maybe"},
}

// benchLiveJoins is how many simulated collaborators join during the
// measured run; the others joined earlier, with the same storage call the
// router makes. The bot admits 600 invite codes per 10 minutes for
// everyone together (bot/join.go, against guessing), so a thousand people
// cannot all join in the same minute: past that budget they are asked,
// politely, to come back later.
const benchLiveJoins = 500

// makeBenchUsers creates n villages (ten to a commune, ten communes to a
// district, under one province), an invite for each, and the script of
// the collaborator who will use it.
func makeBenchUsers(ctx context.Context, a *app.App, n int) ([]*benchUser, error) {
	codes, err := importBenchTree(ctx, a.Store, n, 10)
	if err != nil {
		return nil, err
	}
	invites, err := benchInvites(ctx, a, codes)
	if err != nil {
		return nil, err
	}
	engine, form := flows.NewEngine(a.Catalog), a.Forms[benchFormID]
	users := make([]*benchUser, n)
	for i := range users {
		users[i] = &benchUser{id: 8_000_000_000 + int64(i), unit: codes[i]}
		invite := invites[i]
		if i >= benchLiveJoins {
			if err := joinEarlier(ctx, a, users[i].id, invite); err != nil {
				return nil, err
			}
			invite = ""
		}
		users[i].steps, users[i].want = benchScript(engine, form, i, invite)
	}
	return users, nil
}

// joinEarlier redeems an invite for a Telegram account before the run.
func joinEarlier(ctx context.Context, a *app.App, id int64, invite string) error {
	ext := strconv.FormatInt(id, 10)
	_, err := a.Store.RedeemInvite(ctx, storage.RedeemRequest{Code: invite, Channel: "telegram", ExternalID: ext,
		ChatID: ext, Name: "Người dùng " + ext, Language: locales.VI, Now: a.Clock()})
	if err != nil {
		return fmt.Errorf("bench join: %w", err)
	}
	return nil
}

// benchFormID is the form the simulated collaborators fill in.
const benchFormID = "village_report"

// importBenchTree imports a province with villages villages, perCommune to
// a commune and ten communes to a district, and returns the village codes.
func importBenchTree(ctx context.Context, st *storage.Store, villages, perCommune int) ([]string, error) {
	var b strings.Builder
	b.WriteString("code,name,level,parent_code,area\nB,Tỉnh Bench,province,,rural\n")
	codes := make([]string, villages)
	for i := range villages {
		c := i / perCommune
		commune := fmt.Sprintf("B-%d-%d", c/10, c%10)
		if c%10 == 0 && i%perCommune == 0 {
			fmt.Fprintf(&b, "B-%d,Huyện %d,district,B,rural\n", c/10, c/10)
		}
		if i%perCommune == 0 {
			fmt.Fprintf(&b, "%s,Xã %d,commune,B-%d,%s\n", commune, c, c/10, []string{"rural", "urban"}[c%2])
		}
		codes[i] = fmt.Sprintf("%s-%d", commune, i%perCommune)
		fmt.Fprintf(&b, "%s,Thôn %d,village,%s,\n", codes[i], i, commune)
	}
	if _, err := st.ImportUnits(ctx, strings.NewReader(b.String())); err != nil {
		return nil, fmt.Errorf("bench units: %w", err)
	}
	return codes, nil
}

// benchInvites makes one collaborator invite per unit, a few at a time.
func benchInvites(ctx context.Context, a *app.App, units []string) ([]string, error) {
	codes := make([]string, len(units))
	errs := make([]error, len(units))
	next := make(chan int)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := range next {
				inv, err := a.Store.CreateInvites(ctx, storage.InviteRequest{
					Role: storage.RoleCollaborator, UnitCode: units[i], Now: a.Clock()})
				if err == nil {
					codes[i] = inv[0].Code
				}
				errs[i] = err
			}
		})
	}
	for i := range units {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("bench invites: %w", err)
		}
	}
	return codes, nil
}

// benchScript is user i's conversation: a try before joining, the join
// with invite ("" = joined earlier: a plain /start), /report, every
// question (mistakes included, buttons pressed where the question shows
// them), and the confirm button. want is what the database must hold
// afterwards.
func benchScript(e *flows.Engine, form *flows.Form, i int, invite string) ([]benchStep, map[string]string) {
	k := 1 + i%5
	want := map[string]string{
		"data_source":  []string{"records", "survey", "estimate"}[i%3],
		"difficulties": "Thiếu kinh phí", "proposals": "",
	}
	typed := map[string]string{"difficulties": "Thiếu kinh phí", "proposals": "bỏ qua"}
	for code, v := range benchCounts {
		want[code] = strconv.Itoa(v * k)
		typed[code] = locales.FormatNumber(locales.VI, float64(v*k), 0)
	}
	steps := []benchStep{{text: "/report", kind: "stranger"}, {text: "/start " + invite, kind: "join"},
		{text: "/report", kind: "report"}}
	if invite == "" {
		steps = []benchStep{{text: "/start", kind: "start"}, {text: "/report", kind: "report"}}
	}
	asked := map[string]string{}
	for _, q := range e.Questions(form, want) {
		for _, m := range benchMistakes[q.ID] {
			steps = append(steps, benchStep{text: m, kind: "mistake"})
		}
		if q.Type == flows.TypeYesNo || q.Type == flows.TypeChoice {
			steps = append(steps, benchStep{press: "ans:" + q.ID + ":" + want[q.ID], kind: "button"})
		} else {
			steps = append(steps, benchStep{text: typed[q.ID], kind: "answer"})
		}
		asked[q.ID] = want[q.ID]
	}
	return append(steps, benchStep{press: "rev:confirm", kind: "confirm"}), asked
}
