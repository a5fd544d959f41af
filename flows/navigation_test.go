package flows

import (
	"slices"
	"strings"
	"testing"

	"treembot/locales"
)

func TestRelevanceChangeClearsLaterAnswer(t *testing.T) {
	_, step := walk(typesForm(t), locales.VI, allTypes(), text("sửa 4"), text("không"))
	want := []Change{{Code: "has_club", Value: "0"}, {Code: "club_members", Clear: true}}
	if !slices.Equal(step.Changes, want) {
		t.Errorf("changes = %v, want %v", step.Changes, want)
	}
	if _, ok := step.State.Answers["club_members"]; ok || step.State.Stage != StageReview {
		t.Errorf("state = %+v", step.State)
	}
	if strings.Contains(replyText(step), "Số trẻ tham gia câu lạc bộ") {
		t.Error("review still lists the cleared question")
	}
}

func TestBackShowsPreviousAnswer(t *testing.T) {
	f := typesForm(t)
	_, step := walk(f, locales.VI, map[string]string{"kids": "12"}, text("quay lại"))
	if step.State.Current != "kids" || !strings.Contains(replyText(step), "Câu trả lời hiện tại: 12.") {
		t.Errorf("back: at %q, reply\n%s", step.State.Current, replyText(step))
	}
	if len(step.Changes) != 0 {
		t.Errorf("back saved %v", step.Changes)
	}
	_, first := walk(f, locales.EN, nil, text("back"))
	if first.State.Current != "kids" || !strings.Contains(replyText(first), "This is already the first question.") {
		t.Errorf("back at the start: at %q, reply\n%s", first.State.Current, replyText(first))
	}
	_, kept := walk(f, locales.VI, map[string]string{"kids": "12"}, text("quay lại"), button("nav:kids:keep"))
	if kept.State.Current != "weight_avg" || len(kept.Changes) != 0 {
		t.Errorf("keep: at %q, changes %v", kept.State.Current, kept.Changes)
	}
}

func TestEditFromReviewReturnsToReview(t *testing.T) {
	f := typesForm(t)
	_, edit := walk(f, locales.VI, allTypes(), text("sua 1"))
	if edit.State.Current != "kids" || !edit.State.Editing || !strings.Contains(replyText(edit), "Câu trả lời hiện tại: 12") {
		t.Fatalf("edit 1: state %+v, reply\n%s", edit.State, replyText(edit))
	}
	_, step := walk(f, locales.VI, allTypes(), text("sua 1"), text("15"))
	if step.State.Stage != StageReview || step.State.Editing || !strings.Contains(replyText(step), "1. Số trẻ em trong thôn: 15") {
		t.Errorf("after the edit: state %+v, reply\n%s", step.State, replyText(step))
	}
	_, back := walk(f, locales.EN, allTypes(), text("edit 2"), text("back"))
	if back.State.Stage != StageReview || len(back.Changes) != 0 {
		t.Errorf("back from an edit: state %+v, changes %v", back.State, back.Changes)
	}
	_, bad := walk(f, locales.EN, allTypes(), text("edit 8"))
	if bad.State.Stage != StageReview || !strings.Contains(replyText(bad), "only has questions 1 to 7") {
		t.Errorf("edit 8: state %+v, reply\n%s", bad.State, replyText(bad))
	}
}

// An edit that makes a later saved answer contradict its constraint sends
// the user to that answer before the review can be confirmed.
func TestEditThatBreaksLaterAnswerAsksItAgain(t *testing.T) {
	_, step := walk(typesForm(t), locales.VI, allTypes(), text("sửa 1"), text("5"))
	if step.State.Current != "kids_school" || step.State.Stage != StageAsking {
		t.Fatalf("after kids=5: at %q (%s)", step.State.Current, step.State.Stage)
	}
	if got := replyText(step); !strings.Contains(got, "không còn khớp với số vừa sửa: Số trẻ đi học (10) không thể nhiều hơn số trẻ trong thôn (5).") {
		t.Errorf("reply =\n%s", got)
	}
	_, confirm := walk(typesForm(t), locales.VI, allTypes(), text("sửa 1"), text("5"), button("rev:confirm"))
	if confirm.Submit {
		t.Error("a stale confirm button submitted a contradictory report")
	}
}

func TestConfirmSubmits(t *testing.T) {
	for _, in := range []Input{button("rev:confirm"), text("Xác nhận"), text("send")} {
		_, step := walk(typesForm(t), locales.VI, allTypes(), in)
		if !step.Submit || step.State.Stage != StageSubmitted || len(step.Changes) != 0 {
			t.Errorf("%+v: submit %v, state %+v", in, step.Submit, step.State)
		}
		_, after := walk(typesForm(t), locales.VI, allTypes(), in, text("12"))
		if after.Submit || len(after.Changes) != 0 || !strings.Contains(replyText(after), "đã được gửi rồi") {
			t.Errorf("input after submitting: %+v, reply %s", after, replyText(after))
		}
	}
}

func TestCancelKeepsDraft(t *testing.T) {
	for _, word := range []string{"tạm dừng", "hủy", "HUY", "cancel", "pause"} {
		_, step := walk(typesForm(t), locales.VI, map[string]string{"kids": "3"}, text(word))
		if step.State.Stage != StageCancelled || len(step.Changes) != 0 || step.State.Answers["kids"] != "3" {
			t.Errorf("%q: state %+v, changes %v", word, step.State, step.Changes)
		}
		if got := replyText(step); !strings.Contains(got, "vẫn được giữ") || !strings.Contains(got, "/baocao") {
			t.Errorf("%q: reply %q", word, got)
		}
	}
}

// A report with every question answered (one sent back for correction)
// opens at the review and says so, instead of "carry on".
func TestCompleteReportOpensAtTheReviewAndSaysSo(t *testing.T) {
	_, step := walk(typesForm(t), locales.VI, allTypes())
	if step.State.Stage != StageReview {
		t.Fatalf("stage = %s, want the review", step.State.Stage)
	}
	got := replyText(step)
	if !strings.Contains(got, "Anh/chị đã trả lời đủ ") || strings.Contains(got, "trả lời tiếp") {
		t.Errorf("intro of a complete report:\n%s", got)
	}
}
