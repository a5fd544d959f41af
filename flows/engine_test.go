package flows

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"treembot/locales"
)

var testCatalog = locales.MustLoad()

func typesForm(t testing.TB) *Form {
	t.Helper()
	return loadTestForm(t.(*testing.T), "testdata/forms/types.yaml")
}

// allTypes are complete answers to the types form.
func allTypes() map[string]string {
	return map[string]string{"kids": "12", "weight_avg": "9.5", "kids_school": "10",
		"has_club": "1", "club_members": "8", "source": "survey", "notes": ""}
}

// without returns answers minus the given ids.
func without(answers map[string]string, ids ...string) map[string]string {
	out := maps.Clone(answers)
	for _, id := range ids {
		delete(out, id)
	}
	return out
}

// walk starts a conversation on the saved answers and feeds it inputs; it
// returns the state before the last input and the last step.
func walk(f *Form, lang string, answers map[string]string, inputs ...Input) (State, Step) {
	e := NewEngine(testCatalog)
	ctx := Context{Lang: lang, UnitName: "Thôn Nà Lầu", PeriodLabel: "báo cáo 6 tháng (01/11/2024–30/04/2025)",
		Deadline: time.Date(2025, 5, 15, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600))}
	step := e.Start(f, answers, ctx)
	before := step.State
	for _, in := range inputs {
		before = step.State
		step = e.Handle(f, step.State, in, ctx)
	}
	return before, step
}

func text(s string) Input   { return Input{Text: s} }
func button(s string) Input { return Input{Button: s} }

func replyText(step Step) string {
	var parts []string
	for _, r := range step.Replies {
		parts = append(parts, r.Text)
	}
	return strings.Join(parts, "\n---\n")
}

// Invalid input of every class gets its own polite answer, keeps the state
// exactly as it was, and saves nothing.
func TestInvalidInputIsRefusedAndChangesNothing(t *testing.T) {
	f := typesForm(t)
	atKids := map[string]string{}
	atSchool := without(allTypes(), "kids_school", "has_club", "club_members", "source", "notes")
	atClub := without(allTypes(), "has_club", "club_members", "source", "notes")
	atSource := without(allTypes(), "source", "notes")
	atNotes := without(allTypes(), "notes")
	cases := []struct {
		name    string
		answers map[string]string
		in      Input
		want    string
	}{
		{"whitespace", atKids, text("   "), "Dạ, anh/chị chưa nhập gì."},
		{"letters", atKids, text("abc"), "Dạ, chưa đọc được “abc”. Xin chỉ gõ chữ số, ví dụ 12."},
		{"emoji", atKids, text("😀"), "Dạ, chưa đọc được “😀”."},
		{"negative", atKids, text("-3"), "Dạ, số này không có dấu trừ (-)."},
		{"percent for a count", atKids, text("12%"), "không phải tỉ lệ phần trăm"},
		{"a range", atKids, text("10-12"), "không phải một khoảng"},
		{"two numbers", atKids, text("12 15"), "nhiều hơn một số"},
		{"a bound", atKids, text("hơn 20"), "cần con số cụ thể"},
		{"a word after the number", atKids, text("12 xyz"), "chưa hiểu chữ “xyz”"},
		{"decimal for a count", atKids, text("9,5"), "câu này chỉ nhận số đếm"},
		{"too many digits", atKids, text("99999999999999999999"), "số này dài quá"},
		{"4000 characters of junk", atKids, text(strings.Repeat("x", 4000)), "chưa đọc được số nào"},
		{"over 4000 characters", atKids, text(strings.Repeat("1", 4001)), "tin nhắn dài quá nên chưa đọc được. Xin anh/chị gửi tin ngắn hơn."},
		{"over the maximum", atKids, text("600"), "Dạ, 600 lớn quá: số này không được quá 500."},
		{"thousands over the maximum", atKids, text("1.234"), "Dạ, 1.234 lớn quá"},
		{"failed constraint", atSchool, text("13"), "Số trẻ đi học (13) không thể nhiều hơn số trẻ trong thôn (12)."},
		{"skip a required question", atKids, text("bỏ qua"), "câu này bắt buộc nên không bỏ qua được"},
		{"skip button on a required question", atKids, button("nav:kids:skip"), "không bỏ qua được"},
		{"keep with no answer", atKids, text("giữ nguyên"), "chưa có câu trả lời để giữ nguyên"},
		{"stale answer button", atSchool, button("ans:has_club:1"), "nút vừa bấm là của câu hỏi trước nên không được lưu"},
		{"stale back button", atSchool, button("nav:kids:back"), "là của câu hỏi trước"},
		{"confirm button while asking", atSchool, button("rev:confirm"), "là của câu hỏi trước"},
		{"forged button data", atClub, button("ans:has_club:2"), "là của câu hỏi trước"},
		{"ambiguous decimal", without(atSchool, "weight_avg", "kids_school"), text("1.234"), "“1.234” có thể là 1234 hoặc 1,234. Xin gõ lại: 1234 nếu là số nghìn, hoặc 1,234 (dấu phẩy) nếu là số lẻ."},
		{"yes/no nonsense", atClub, text("có thể"), "Dạ, chưa hiểu “có thể”."},
		{"choice out of range", atSource, text("9"), "chỉ có các lựa chọn từ 1 đến 3"},
		{"choice nonsense", atSource, text("hỏi xóm"), "chưa hiểu “hỏi xóm”"},
		{"text too long", atNotes, text(strings.Repeat("a", 51)), "phần trả lời dài quá (khoảng 10 chữ, câu này nhận nhiều nhất khoảng 10 chữ)"},
		{"text of emoji only", atNotes, text("👍🙏"), "Xin anh/chị viết bằng chữ"},
		{"text of spaces", atNotes, text(" \n "), "chưa nhập gì"},
		{"invalid UTF-8", atNotes, text("\xff\xfe"), "Xin anh/chị viết bằng chữ"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, step := walk(f, locales.VI, c.answers, c.in)
			if got := replyText(step); !strings.Contains(got, c.want) {
				t.Errorf("reply =\n%s\nwant it to contain %q", got, c.want)
			}
			if len(step.Changes) != 0 || step.Submit {
				t.Errorf("invalid input produced changes %v (submit %v)", step.Changes, step.Submit)
			}
			if !reflect.DeepEqual(step.State, before) {
				t.Errorf("state changed from %+v to %+v", before, step.State)
			}
		})
	}
}

// Valid answers of every type are saved in canonical form and the next
// question is asked.
func TestAnswersAreSavedCanonically(t *testing.T) {
	f := typesForm(t)
	cases := []struct {
		name    string
		answers map[string]string
		in      Input
		lang    string
		want    Change
		next    string
	}{
		{"count with a unit word", nil, text("12 trẻ"), "vi", Change{Code: "kids", Value: "12"}, "weight_avg"},
		{"count with thousands dots", nil, text("0"), "vi", Change{Code: "kids", Value: "0"}, "weight_avg"},
		{"decimal with a comma", map[string]string{"kids": "0"}, text("9,5"), "vi", Change{Code: "weight_avg", Value: "9.5"}, "has_club"},
		{"yes button", without(allTypes(), "has_club", "club_members", "source", "notes"), button("ans:has_club:1"), "vi", Change{Code: "has_club", Value: "1"}, "club_members"},
		{"typed no with accents and particle", without(allTypes(), "has_club", "club_members", "source", "notes"), text("Dạ KHÔNG ạ."), "vi", Change{Code: "has_club", Value: "0"}, "source"},
		{"typed yes in English", without(allTypes(), "has_club", "club_members", "source", "notes"), text("Y"), "en", Change{Code: "has_club", Value: "1"}, "club_members"},
		{"choice by number", without(allTypes(), "source", "notes"), text("3"), "vi", Change{Code: "source", Value: "estimate"}, "notes"},
		{"choice by label without accents", without(allTypes(), "source", "notes"), text("so sach, ho so"), "vi", Change{Code: "source", Value: "records"}, "notes"},
		{"choice by the start of a label", without(allTypes(), "source", "notes"), text("Khảo sát"), "vi", Change{Code: "source", Value: "survey"}, "notes"},
		{"choice by English label", without(allTypes(), "source", "notes"), text("an estimate"), "vi", Change{Code: "source", Value: "estimate"}, "notes"},
		{"choice button", without(allTypes(), "source", "notes"), button("ans:source:records"), "vi", Change{Code: "source", Value: "records"}, "notes"},
		{"text trimmed", without(allTypes(), "notes"), text("  Thiếu sổ theo dõi \x00 "), "vi", Change{Code: "notes", Value: "Thiếu sổ theo dõi"}, ""},
		{"skip an optional question", without(allTypes(), "notes"), button("nav:notes:skip"), "vi", Change{Code: "notes", Value: ""}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, step := walk(f, c.lang, c.answers, c.in)
			if len(step.Changes) != 1 || step.Changes[0] != c.want {
				t.Fatalf("changes = %+v, want [%+v]\nreply: %s", step.Changes, c.want, replyText(step))
			}
			wantStage := StageAsking
			if c.next == "" {
				wantStage = StageReview
			}
			if step.State.Current != c.next || step.State.Stage != wantStage {
				t.Errorf("now at %q (%s), want %q (%s)", step.State.Current, step.State.Stage, c.next, wantStage)
			}
			if step.State.Answers[c.want.Code] != c.want.Value {
				t.Errorf("state answer %s = %q", c.want.Code, step.State.Answers[c.want.Code])
			}
		})
	}
}

func TestStartNamesFormUnitAndPeriodAndAsksFirstQuestion(t *testing.T) {
	_, step := walk(typesForm(t), locales.VI, nil)
	if len(step.Replies) != 2 {
		t.Fatalf("replies = %d, want greeting and question", len(step.Replies))
	}
	greeting := step.Replies[0].Text
	for _, want := range []string{"báo cáo 6 tháng (01/11/2024–30/04/2025) của Thôn Nà Lầu", "Phiếu thử các loại câu hỏi", "Hạn gửi: 15/05/2025."} {
		if !strings.Contains(greeting, want) {
			t.Errorf("greeting %q lacks %q", greeting, want)
		}
	}
	if q := step.Replies[1].Text; !strings.Contains(q, "Câu 1 — còn khoảng 6 câu") || !strings.Contains(q, "Số trẻ em trong thôn") {
		t.Errorf("first question = %q", q)
	}
	if step.State.Current != "kids" || step.State.Stage != StageAsking || len(step.Changes) != 0 {
		t.Errorf("state = %+v, changes %v", step.State, step.Changes)
	}
}

func TestStartResumesAtFirstUnansweredAndClearsStaleAnswers(t *testing.T) {
	f := typesForm(t)
	saved := map[string]string{"kids": "12", "weight_avg": "9.5", "kids_school": "3", "has_club": "0", "club_members": "5"}
	_, step := walk(f, locales.EN, saved)
	if step.State.Current != "source" {
		t.Errorf("resumed at %q, want source", step.State.Current)
	}
	if !slices.Equal(step.Changes, []Change{{Code: "club_members", Clear: true}}) {
		t.Errorf("changes = %v, want club_members cleared (no club)", step.Changes)
	}
	if !strings.Contains(step.Replies[0].Text, "You have answered 4 questions") {
		t.Errorf("greeting = %q", step.Replies[0].Text)
	}
	if saved["club_members"] != "5" {
		t.Error("Start modified the caller's answers map")
	}
	_, done := walk(f, locales.VI, allTypes())
	if done.State.Stage != StageReview || !strings.Contains(replyText(done), "7. Ghi chú (nếu có): (bỏ qua)") {
		t.Errorf("all answered: stage %s, reply\n%s", done.State.Stage, replyText(done))
	}
}

func TestHandleDoesNotTouchCallersState(t *testing.T) {
	f := typesForm(t)
	_, step := walk(f, locales.VI, map[string]string{"kids": "12"})
	st := step.State
	st.Trail = append(make([]string, 0, 8), st.Trail...)
	snapshot := State{FormID: st.FormID, Stage: st.Stage, Current: st.Current,
		Answers: maps.Clone(st.Answers), Trail: slices.Clone(st.Trail)}
	NewEngine(testCatalog).Handle(f, st, text("9,5"), Context{})
	if !reflect.DeepEqual(st, snapshot) {
		t.Errorf("Handle mutated its input state: %+v, was %+v", st, snapshot)
	}
}

func TestQuestionsFollowRelevance(t *testing.T) {
	f := typesForm(t)
	e := NewEngine(testCatalog)
	ids := func(qs []*Question) []string {
		var out []string
		for _, q := range qs {
			out = append(out, q.ID)
		}
		return out
	}
	if got := ids(e.Questions(f, nil)); !slices.Equal(got, []string{"kids", "weight_avg", "has_club", "source", "notes"}) {
		t.Errorf("no answers: %v", got)
	}
	if got := ids(e.Questions(f, allTypes())); len(got) != 7 {
		t.Errorf("all answered: %v", got)
	}
	// A skipped operand makes the condition false, not an error.
	if got := ids(e.Questions(f, map[string]string{"kids": ""})); slices.Contains(got, "kids_school") {
		t.Errorf("kids skipped: %v", got)
	}
}

// The longest possible review of every form (every question answered,
// both texts at their limit) still fits one Telegram message of 4,096
// characters.
func TestLongestReviewFitsOneMessage(t *testing.T) {
	forms, err := LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	answers := fullAnswers()
	answers["difficulties"] = string([]rune(strings.Repeat("khó khăn ", 120))[:1000])
	answers["proposals"] = string([]rune(strings.Repeat("đề xuất ", 130))[:1000])
	answers["play_space_activities"] = string([]rune(strings.Repeat("trung thu ", 120))[:1000])
	for id, f := range forms {
		last := fmt.Sprintf("%d. ", len(f.compiled.order))
		for _, lang := range []string{locales.VI, locales.EN} {
			_, step := walk(f, lang, answers)
			review := step.Replies[len(step.Replies)-1].Text
			if step.State.Stage != StageReview || !strings.Contains(review, last) {
				t.Fatalf("%s %s: not a full review:\n%s", id, lang, review)
			}
			if n := len([]rune(review)); n > 4096 {
				t.Errorf("%s %s review is %d characters, over Telegram's 4,096", id, lang, n)
			}
		}
	}
}

// Button data carries the question id and fits Telegram's 64 bytes.
func TestButtonDataNamesQuestionAndFits(t *testing.T) {
	f := communeForm(t)
	e := NewEngine(testCatalog)
	for i, q := range f.compiled.order {
		st := e.Start(f, firstAnswers(f, communeAnswers(), i), Context{})
		if st.State.Current != q.ID {
			continue // not relevant with these answers
		}
		for _, b := range allButtons(st.Replies) {
			if !strings.Contains(b.Data, ":"+q.ID+":") || len(b.Data) > 64 {
				t.Errorf("button %+v of %s", b, q.ID)
			}
		}
	}
}
