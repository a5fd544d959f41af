package flows

import (
	"strings"
	"testing"

	"treembot/locales"
)

func numbersForm(t *testing.T) *Form {
	t.Helper()
	return loadTestForm(t, "testdata/forms/numbers.yaml")
}

// upTo are the numbers form's answers before question id.
func upTo(id string) map[string]string {
	all := map[string]string{"households": "120", "kids_u5": "40", "kids_u1": "8",
		"births": "20", "deaths_28d": "1", "has_club": "1", "weight_avg": "9.5"}
	order := []string{"households", "kids_u5", "kids_u1", "births", "deaths_28d", "has_club", "weight_avg"}
	out := map[string]string{}
	for _, q := range order {
		if q == id {
			break
		}
		out[q] = all[q]
	}
	return out
}

// A hard check names the earlier question by its number and label and how
// to reach it; "sửa 2" goes there and, once answered, comes back.
func TestHardCheckNamesTheQuestionAndSuaLeadsThereAndBack(t *testing.T) {
	f := numbersForm(t)
	_, step := walk(f, locales.VI, upTo("kids_u1"), text("45"))
	got := replyText(step)
	for _, want := range []string{"Số trẻ dưới 1 tuổi (45) không thể nhiều hơn số trẻ dưới 5 tuổi (40).",
		"câu 2: Số trẻ em dưới 5 tuổi", "gõ “sửa 2”"} {
		if !strings.Contains(got, want) {
			t.Errorf("refusal %q lacks %q", got, want)
		}
	}
	_, step = walk(f, locales.VI, upTo("kids_u1"), text("45"), text("sửa 2"))
	if step.State.Current != "kids_u5" || !strings.Contains(replyText(step), "Câu trả lời hiện tại: 40") {
		t.Fatalf("sửa 2 asked %s: %q", step.State.Current, replyText(step))
	}
	_, step = walk(f, locales.VI, upTo("kids_u1"), text("45"), text("sửa 2"), text("50"))
	if step.State.Current != "kids_u1" || len(step.Changes) != 1 || step.Changes[0].Value != "50" {
		t.Fatalf("after fixing question 2 the chat went to %s, changes %v", step.State.Current, step.Changes)
	}
	_, step = walk(f, locales.VI, upTo("kids_u1"), text("sửa 9"))
	if step.State.Current != "kids_u1" || !strings.Contains(replyText(step), "chỉ có câu 1 đến câu") {
		t.Errorf("sửa 9 of 7 questions: at %s, %q", step.State.Current, replyText(step))
	}
}

// A soft check asks "đúng không?": yes keeps the answer, no asks again,
// and a kept answer never blocks what comes after, even when an edit
// makes the check fail again.
func TestSoftCheckAsksButNeverBlocks(t *testing.T) {
	f := numbersForm(t)
	_, step := walk(f, locales.VI, upTo("deaths_28d"), text("25"))
	if len(step.Changes) != 0 || !strings.Contains(replyText(step), "Số 25 có đúng không?") {
		t.Fatalf("soft check: changes %v, reply %q", step.Changes, replyText(step))
	}
	_, step = walk(f, locales.VI, upTo("deaths_28d"), text("25"), button("chk:deaths_28d:1"))
	if len(step.Changes) != 1 || step.Changes[0].Value != "25" || step.State.Current != "has_club" {
		t.Fatalf("yes to the soft check: changes %v, at %s", step.Changes, step.State.Current)
	}
	_, step = walk(f, locales.VI, upTo("deaths_28d"), text("25"), text("không"))
	if len(step.Changes) != 0 || step.State.Current != "deaths_28d" || step.State.Pending != nil {
		t.Fatalf("no to the soft check: changes %v, at %s", step.Changes, step.State.Current)
	}
	answers := upTo("")
	answers["deaths_28d"] = "25"
	_, step = walk(f, locales.VI, answers, text("sửa 4"), text("10"))
	if step.State.Stage != StageReview {
		t.Fatalf("a kept soft warning blocked the review: at %s %s", step.State.Stage, step.State.Current)
	}
	if _, step = walk(f, locales.VI, answers, text("xác nhận")); !step.Submit {
		t.Error("a kept soft warning blocked the submission")
	}
}

// At the review only the button or an unmistakable word sends; a bare
// "1" or "ok" shows the button again.
func TestReviewNeedsTheButtonOrAnUnmistakableWord(t *testing.T) {
	f := numbersForm(t)
	for _, in := range []Input{text("1"), text("ok"), text("OK"), text("có"), text("yes"), text("được")} {
		_, step := walk(f, locales.VI, upTo(""), in)
		if step.Submit || step.State.Stage != StageReview || len(step.Replies) != 1 ||
			step.Replies[0].Buttons[0][0].Data != dataConfirm || !strings.Contains(replyText(step), "xác nhận") {
			t.Errorf("%+v at the review: submit %v, reply %q", in, step.Submit, replyText(step))
		}
	}
	for _, in := range []Input{button(dataConfirm), text("xác nhận"), text("Xac nhan"), text("gửi"),
		text("đồng ý"), text("confirm"), text("✅ Xác nhận gửi")} {
		if _, step := walk(f, locales.VI, upTo(""), in); !step.Submit {
			t.Errorf("%+v at the review did not send", in)
		}
	}
}

// After a restart the engine alone (the channel has forgotten what it
// showed) reads a typed number as the button it was shown as.
func TestNumberedRepliesWorkAfterARestart(t *testing.T) {
	f := numbersForm(t)
	e := NewEngine(locales.MustLoad())
	for in, want := range map[string]string{"1": "1", "2": "0"} {
		_, step := walk(f, locales.VI, upTo("has_club"), text(in))
		if len(step.Changes) != 1 || step.Changes[0].Value != want {
			t.Errorf("%q at a yes/no question after a restart: changes %v", in, step.Changes)
		}
	}
	_, step := walk(f, locales.VI, upTo("has_club"), text("3"))
	if step.State.Current != "deaths_28d" || len(step.Changes) != 0 {
		t.Errorf("3 (the back button) went to %s, changes %v", step.State.Current, step.Changes)
	}
	states := map[string]State{
		"yes/no": e.Start(f, upTo("has_club"), Context{}).State,
		"count":  e.Start(f, upTo("births"), Context{}).State,
		"review": e.Start(f, upTo(""), Context{}).State,
		"asked back": e.Handle(f, e.Start(f, upTo("births"), Context{}).State, text("khoảng 20"),
			Context{}).State,
	}
	for name, want := range map[string]bool{"yes/no": true, "count": false, "review": false, "asked back": true} {
		if got := e.Numbered(f, states[name]); got != want {
			t.Errorf("Numbered at %s = %v, want %v", name, got, want)
		}
	}
}
