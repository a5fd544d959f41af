package zalo_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"treembot/bot/zalo"
	"treembot/bot/zalo/zalotest"
	"treembot/flows"
	"treembot/internal/testkit"
	"treembot/storage"
)

// villageFigures are the counts a small village reports (as typed, with a
// Vietnamese thousands dot); every other count is 0.
var villageFigures = map[string]string{
	"children_u1": "9", "children_u5": "41", "children_u8": "70", "children_u16": "1.105",
	"u8_ecd_access": "66", "marriages": "5",
}

// remark is typed in decomposed form (NFD), as some phone keyboards send
// Vietnamese; it must be stored composed (NFC).
var remark = norm.NFD.String("Thiếu kinh phí tập huấn cho cộng tác viên")

// questionTypes maps the village form's question ids to their types.
func questionTypes(t *testing.T) map[string]string {
	t.Helper()
	forms, err := flows.LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, s := range forms["village_report"].Sections {
		for _, q := range s.Questions {
			out[q.ID] = q.Type
		}
	}
	return out
}

// typedAnswer is what a person types for a question: a figure, a remark,
// or the number of the first option of a choice.
func typedAnswer(id, typ string) string {
	switch typ {
	case flows.TypeChoice, flows.TypeYesNo:
		return "1"
	case flows.TypeText:
		return remark
	}
	if v, ok := villageFigures[id]; ok {
		return v
	}
	return "0"
}

// submitted checks the village's report in the database.
func (w *world) submitted(channel, user string) map[string]string {
	w.t.Helper()
	ctx := context.Background()
	u, err := w.store.UserByIdentity(ctx, channel, user)
	if err != nil {
		w.t.Fatal(err)
	}
	p, err := w.store.PeriodByCode(ctx, "2025-H1")
	if err != nil {
		w.t.Fatal(err)
	}
	sub, err := w.store.FindSubmission(ctx, u.UnitID, p.ID, "village_report")
	if err != nil {
		w.t.Fatal(err)
	}
	if sub.Status != storage.StatusSubmitted || sub.Reference == "" {
		w.t.Fatalf("submission after confirm: %+v", sub)
	}
	vals, err := w.store.Values(ctx, sub.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	vals["reference"] = sub.Reference
	return vals
}

// answerUntilReview answers every question the router asks in a chat
// until the review: figures and remarks typed, the first option of each
// choice typed as "1" or, when choose is given, pressed through it.
func (w *world) answerUntilReview(channel, user string, say func(string), choose func() string) {
	w.t.Helper()
	types := questionTypes(w.t)
	for i := 0; ; i++ {
		stage, current := w.conversation(channel, user)
		if stage == flows.StageReview {
			return
		}
		if i > 100 || current == "" {
			w.t.Fatalf("stuck at %q/%q after %d answers", stage, current, i)
		}
		answer := typedAnswer(current, types[current])
		if answer == "1" && choose != nil {
			if answer = choose(); !strings.HasPrefix(answer, "#btn:") {
				w.t.Fatalf("button payload %q", answer)
			}
		}
		say(answer)
	}
}

// The review's confirm button is never numbered (a bare "1" must not send
// a report): it shows as "[✅ …]" and is confirmed by typing "xác nhận".
var confirmOption = regexp.MustCompile(`(?m)^\s+\[(✅[^\]]*)\]`)

func TestFullReportOnTheBotAPIWebhookWithNumberedOptions(t *testing.T) {
	t.Parallel()
	w := newWorld(t, func(c *zalo.Config) {
		c.OAAppID, c.BotWebhookURL, c.BotWebhookSecret = "", "https://treem.example.org/zalo/bot/webhook", "s3cret-for-tests"
	})
	w.run()
	hook := w.hooks["/zalo/bot/webhook"]
	const user = "e4ea2cd5189df1c3a88c"
	n := 0
	say := func(text string) {
		t.Helper()
		n++
		if got := zalotest.PostBot(hook, zalotest.BotText(user, "Lan", fmt.Sprint("m-", n), text), "s3cret-for-tests"); got.Code != http.StatusOK {
			t.Fatalf("%q: webhook answered %d", text, got.Code)
		}
		settle(t, w.adapter)
	}
	say("/start " + w.invite())
	say("/report")
	w.answerUntilReview(zalo.ChannelBot, user, say, nil)
	var confirm string
	testkit.Eventually(t, patience, "the review's confirm button", func() bool {
		for _, s := range w.botSrv.Received(user) {
			if m := confirmOption.FindStringSubmatch(s.Text); m != nil {
				confirm = m[1]
			}
		}
		return confirm != ""
	})
	say("1")
	testkit.Eventually(t, patience, "the confirm button shown again for a bare 1", func() bool {
		got := w.botSrv.Received(user)
		return strings.Contains(got[len(got)-1].Text, "xác nhận")
	})
	say("xác nhận")
	vals := w.submitted(zalo.ChannelBot, user)
	if vals["children_u16"] != "1105" || vals["difficulties"] != norm.NFC.String(remark) {
		t.Errorf("stored children_u16=%q difficulties=%q", vals["children_u16"], vals["difficulties"])
	}
	testkit.Eventually(t, patience, "the receipt", func() bool {
		got := w.botSrv.Received(user)
		return strings.Contains(got[len(got)-1].Text, vals["reference"])
	})
	if url, secret := w.botSrv.Webhook(); url == "" || secret != "s3cret-for-tests" {
		t.Errorf("setWebhook got %q %q", url, secret)
	}
	if len(w.botSrv.Calls("getUpdates")) != 0 || !strings.Contains(w.logs.String(), "webhook mode") {
		t.Error("webhook mode must not poll, and must say so in the logs")
	}
	if strings.Contains(w.logs.String(), "1.105") || strings.Contains(w.logs.String(), "kinh ph") {
		t.Error("message text reached the logs")
	}
}

func TestFullReportOnTheOfficialAccountWithButtons(t *testing.T) {
	t.Parallel()
	w := newOAWorld(t)
	hook := w.hooks[zalo.DefaultOAWebhookPath]
	const user = "6142494823190863113"
	n := 0
	say := func(text string) {
		t.Helper()
		n++
		body := zalotest.OAText(user, fmt.Sprint("msg-", n), text, w.clock())
		if code := zalotest.PostOAInTime(t, hook, body, zalotest.Sign(body)).Code; code != http.StatusOK {
			t.Fatalf("%q: webhook answered %d", text, code)
		}
		settle(t, w.adapter)
	}
	lastButtons := func() []string {
		got := w.oaSrv.Received(user)
		return got[len(got)-1].Buttons
	}
	pressFirst := func() string {
		testkit.Eventually(t, patience, "the choice's buttons", func() bool { return len(lastButtons()) > 0 })
		return lastButtons()[0]
	}
	say("/start " + w.invite())
	say("/report")
	w.answerUntilReview(zalo.ChannelOA, user, say, pressFirst)
	testkit.Eventually(t, patience, "the confirm button", func() bool {
		b := lastButtons()
		return len(b) > 0 && b[0] == "#btn:rev:confirm"
	})
	say("#btn:rev:confirm")
	vals := w.submitted(zalo.ChannelOA, user)
	if vals["children_u5"] != "41" || vals["difficulties"] != norm.NFC.String(remark) {
		t.Errorf("stored children_u5=%q difficulties=%q", vals["children_u5"], vals["difficulties"])
	}
	testkit.Eventually(t, patience, "the receipt", func() bool {
		got := w.oaSrv.Received(user)
		return strings.Contains(got[len(got)-1].Text, vals["reference"])
	})
}
