package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"treembot/bot/telegram/fakeapi"
	"treembot/internal/app"
	"treembot/internal/measure"
)

// loadStats is what one load run measured.
type loadStats struct {
	updates    int
	errors     int
	finished   int // users whose whole script went through
	latencies  []time.Duration
	replies    []time.Duration            // from an update's POST to its last reply at the Bot API
	byKind     map[string][]time.Duration // by benchStep.kind
	elapsed    time.Duration
	cpu        time.Duration // this process's CPU time during the run
	allocs     uint64        // heap allocations during the run
	dbXacts    float64       // database transactions per update
	dbSessions int           // database connections opened during the run
	dbCPU      time.Duration // database backends' CPU per update
	redisCPU   time.Duration // Redis server's CPU per update
	firstErr   string
}

func (s *loadStats) rate() float64 {
	if s.elapsed <= 0 {
		return 0
	}
	return float64(int(float64(s.updates)/s.elapsed.Seconds()*10)) / 10
}

func (s *loadStats) p(pct float64) float64 { return percentile(s.latencies, pct) }

// kindP99 is the p99 latency of each kind of step, in ms.
func (s *loadStats) kindP99() map[string]float64 {
	out := make(map[string]float64, len(s.byKind))
	for k, ds := range s.byKind {
		out[k] = percentile(ds, 99)
	}
	return out
}

// cpuPerUpdate is the process's CPU milliseconds per update: bot (or echo
// handler), fake Bot API and load generator together.
func (s *loadStats) cpuPerUpdate() float64 {
	if s.updates == 0 {
		return 0
	}
	return ms(s.cpu / time.Duration(s.updates))
}

// allocsPerUpdate is the process's heap allocations per update.
func (s *loadStats) allocsPerUpdate() int {
	if s.updates == 0 {
		return 0
	}
	return int(s.allocs / uint64(s.updates))
}

// webhookLoad plays users' scripts as Telegram would deliver them: each
// chat's updates one after the other, at most conns requests in flight.
type webhookLoad struct {
	url, secret string
	conns       int
	fake        *fakeapi.Server
	// findButtons makes a press carry the id of the message showing the
	// button, as a real client does; the router's reply must have shown it.
	findButtons bool
	// rate, when above zero, spaces updates evenly at that many a second
	// (an offered load); at zero each goes as soon as its chat may.
	rate     float64
	slots    atomic.Int64
	start    time.Time
	updateID atomic.Int64
}

// userRun is one user's part of a run.
type userRun struct {
	updates, errors int
	finished        bool
	latencies       []time.Duration
	replies         []time.Duration
	err             error
}

// replyWait bounds how long a user waits for the reply to an update that
// was acknowledged (the bot may acknowledge before sending).
const replyWait = time.Minute

// run plays every user's script concurrently until done or ctx ends.
func (l *webhookLoad) run(ctx context.Context, users []*benchUser) *loadStats {
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		MaxIdleConns: l.conns, MaxIdleConnsPerHost: l.conns, MaxConnsPerHost: l.conns}}
	defer client.CloseIdleConnections()
	sem := make(chan struct{}, l.conns)
	runs := make([]userRun, len(users))
	var wg sync.WaitGroup
	allocs0, cpu0, start := measure.Allocs(), measure.CPU(), time.Now()
	l.start = start
	for i, u := range users {
		wg.Go(func() { runs[i] = l.runUser(ctx, client, sem, u) })
	}
	wg.Wait()
	st := &loadStats{elapsed: time.Since(start), cpu: measure.CPU() - cpu0, allocs: measure.Allocs() - allocs0,
		byKind: map[string][]time.Duration{}}
	for i, r := range runs {
		st.updates += r.updates
		st.errors += r.errors
		st.latencies = append(st.latencies, r.latencies...)
		st.replies = append(st.replies, r.replies...)
		for j, d := range r.latencies { // the j-th latency is the j-th step's
			k := users[i].steps[j].kind
			st.byKind[k] = append(st.byKind[k], d)
		}
		if r.finished {
			st.finished++
		}
		if r.err != nil && st.firstErr == "" {
			st.firstErr = r.err.Error()
		}
	}
	slices.Sort(st.latencies)
	slices.Sort(st.replies)
	for _, ds := range st.byKind {
		slices.Sort(ds)
	}
	return st
}

// runUser sends u's updates in order; the first failure ends the script,
// since what follows would answer the wrong question.
func (l *webhookLoad) runUser(ctx context.Context, client *http.Client, sem chan struct{}, u *benchUser) (r userRun) {
	r.latencies = make([]time.Duration, 0, len(u.steps))
	var starts []time.Time
	var firsts []int // the index of each step's first reply in the chat
	defer func() { r.replies = replyLatencies(l.fake.Received(u.id), starts, firsts) }()
	for _, step := range u.steps {
		if ctx.Err() != nil {
			return r
		}
		body, err := l.update(ctx, u, step)
		if err != nil {
			r.errors, r.err = r.errors+1, err
			return r
		}
		if l.waitTurn(ctx) != nil {
			return r
		}
		before := l.fake.ReceivedCount(u.id)
		sem <- struct{}{}
		t0 := time.Now()
		err = l.post(ctx, client, body)
		r.latencies = append(r.latencies, time.Since(t0))
		<-sem
		r.updates++
		if err == nil {
			starts, firsts = append(starts, t0), append(firsts, before)
			err = l.awaitReply(ctx, u.id, before, step)
		}
		if err != nil {
			if ctx.Err() == nil {
				r.errors, r.err = r.errors+1, err
			}
			return r
		}
	}
	r.finished = true
	return r
}

// awaitReply waits for the chat's first reply after it had before
// messages: the next update answers what that reply asked.
func (l *webhookLoad) awaitReply(ctx context.Context, chat int64, before int, step benchStep) error {
	wctx, cancel := context.WithTimeout(ctx, replyWait)
	defer cancel()
	if _, err := l.fake.WaitReceived(wctx, chat, before+1); err != nil && ctx.Err() == nil {
		return fmt.Errorf("user %d got no reply to %q within %v", chat, step, replyWait)
	}
	return nil
}

// replyLatencies gives, for each step started at starts[j] whose replies
// begin at index firsts[j] of msgs, the time until its last reply arrived.
func replyLatencies(msgs []fakeapi.Sent, starts []time.Time, firsts []int) []time.Duration {
	out := make([]time.Duration, 0, len(starts))
	for j, t0 := range starts {
		end := len(msgs)
		if j+1 < len(firsts) {
			end = firsts[j+1]
		}
		if end > firsts[j] {
			out = append(out, msgs[end-1].Time.Sub(t0))
		}
	}
	return out
}

// waitTurn sleeps until the next slot of the offered rate.
func (l *webhookLoad) waitTurn(ctx context.Context) error {
	if l.rate <= 0 {
		return nil
	}
	slot := l.slots.Add(1) - 1
	at := l.start.Add(time.Duration(float64(slot) / l.rate * float64(time.Second)))
	t := time.NewTimer(time.Until(at))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// update builds the JSON Telegram would POST for step, under a fresh
// update id.
func (l *webhookLoad) update(ctx context.Context, u *benchUser, step benchStep) ([]byte, error) {
	var upd tgbotapi.Update
	if step.press == "" {
		upd = fakeapi.PrivateText(u.id, step.text)
	} else {
		msgID := 1
		if l.findButtons {
			var ok bool
			if msgID, ok = l.waitButton(ctx, u.id, step.press); !ok {
				return nil, fmt.Errorf("user %d: no button %q on screen after %q", u.id, step.press, l.lastText(u.id))
			}
		}
		upd = fakeapi.ButtonPress(u.id, msgID, step.press)
	}
	upd.UpdateID = int(l.updateID.Add(1))
	return json.Marshal(upd)
}

// waitButton waits for a message showing a button with data: an update
// is acknowledged before its replies are sent, and the one before a
// press may have several.
func (l *webhookLoad) waitButton(ctx context.Context, chat int64, data string) (int, bool) {
	ctx, cancel := context.WithTimeout(ctx, replyWait)
	defer cancel()
	for n := l.fake.ReceivedCount(chat); ; n++ {
		if id, ok := l.buttonMessage(chat, data); ok {
			return id, true
		}
		if _, err := l.fake.WaitReceived(ctx, chat, n+1); err != nil {
			return 0, false
		}
	}
}

// buttonMessage finds the newest message in the chat showing a button
// with data.
func (l *webhookLoad) buttonMessage(chat int64, data string) (int, bool) {
	msgs := l.fake.Received(chat)
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, row := range msgs[i].Keyboard {
			for _, b := range row {
				if b.CallbackData != nil && *b.CallbackData == data {
					return msgs[i].MessageID, true
				}
			}
		}
	}
	return 0, false
}

// lastText is the start of the newest message in the chat, for errors.
func (l *webhookLoad) lastText(chat int64) string {
	msgs := l.fake.Received(chat)
	if len(msgs) == 0 {
		return ""
	}
	t := []rune(msgs[len(msgs)-1].Text)
	return string(t[:min(len(t), 120)])
}

func (l *webhookLoad) post(ctx context.Context, client *http.Client, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", l.secret)
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("post update: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("webhook answered %s", resp.Status)
	}
	return nil
}

// countStored counts the submitted values that are exactly what the users
// typed, read back from the database.
func countStored(ctx context.Context, a *app.App, users []*benchUser) (int, error) {
	periods, err := a.Store.OpenPeriods(ctx, a.Clock())
	if err != nil || len(periods) == 0 {
		return 0, errors.Join(errors.New("count stored answers: no open period"), err)
	}
	rows, err := a.Store.ExportRows(ctx, periods[0].Code)
	if err != nil {
		return 0, fmt.Errorf("count stored answers: %w", err)
	}
	want := make(map[string]map[string]string, len(users))
	for _, u := range users {
		want[u.unit] = u.want
	}
	n := 0
	for _, r := range rows {
		if v, ok := want[r.UnitCode][r.ElementCode]; ok && v == r.Value && r.Status == "submitted" {
			n++
		}
	}
	return n, nil
}

func expectedAnswers(users []*benchUser) int {
	n := 0
	for _, u := range users {
		n += len(u.want)
	}
	return n
}

// String shows a step in error messages.
func (s benchStep) String() string {
	if s.press != "" {
		return "button " + s.press
	}
	return strings.TrimSpace(s.text)
}
