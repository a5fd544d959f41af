package flows

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"treembot/locales"
)

// intro greets the user at Start: which form, for which unit and period,
// how far they got, and how to go back or pause.
func (t *turn) intro() string {
	data := map[string]any{"Form": t.text(t.f.Title), "Unit": t.ctx.UnitName, "Period": t.ctx.PeriodLabel, "Deadline": ""}
	if !t.ctx.Deadline.IsZero() {
		data["Deadline"] = locales.FormatDate(t.ctx.Deadline, t.ctx.Deadline.Location())
	}
	lines := []string{t.tr("flows_intro", data)}
	answered, relevant := 0, 0
	for i, rel := range t.relevance() {
		if !rel {
			continue
		}
		relevant++
		if _, ok := t.st.Answers[t.p.order[i].ID]; ok {
			answered++
		}
	}
	switch {
	case answered > 0 && answered == relevant:
		// Nothing is left to fill in (a returned report): straight to the review.
		lines = append(lines, t.cat.N(t.lang, "flows_intro_complete", answered, nil))
	case answered > 0:
		lines = append(lines, t.cat.N(t.lang, "flows_intro_resume", answered, nil))
	}
	if late := t.lateNote(); late != "" {
		lines = append(lines, late)
	}
	lines = append(lines, t.tr("flows_intro_help", nil))
	return strings.Join(lines, "\n")
}

// showReview lists every answer, numbered as "edit N" expects, with the
// confirm button.
func (t *turn) showReview() {
	t.st.Stage, t.st.Current, t.st.Editing, t.st.Pending, t.st.Resume = StageReview, "", false, nil, ""
	lines := []string{t.tr("flows_review_title", map[string]any{
		"Unit": t.ctx.UnitName, "Period": t.ctx.PeriodLabel})}
	section, n := -1, 0
	for i, rel := range t.relevance() {
		if !rel {
			continue
		}
		q := t.p.order[i]
		if s := t.p.sectionOf[i]; s != section {
			section = s
			lines = append(lines, "", "📋 "+t.text(t.f.Sections[s].Title))
		}
		n++
		lines = append(lines, fmt.Sprintf("%d. %s%s", n, labelled(t.text(q.Label)), t.formatValue(q, t.st.Answers[q.ID])))
	}
	lines = append(lines, "", t.tr("flows_review_hint", nil))
	if late := t.lateNote(); late != "" {
		lines = append(lines, late)
	}
	t.reply(strings.Join(lines, "\n"), t.confirmButtons())
}

// labelled puts a colon after a label, unless it is a question already.
func labelled(label string) string {
	if strings.HasSuffix(label, "?") {
		return label + " "
	}
	return label + ": "
}

func (t *turn) confirmButtons() [][]Button {
	return [][]Button{{{Label: t.tr("flows_btn_confirm", nil), Data: dataConfirm}}}
}

// reviewHint repeats, after msg, how to confirm or edit.
func (t *turn) reviewHint(msg string) {
	text := t.tr("flows_review_hint", nil)
	if msg != "" {
		text = msg + "\n" + text
	}
	t.reply(text, t.confirmButtons())
}

// handleReview takes one input while the review is shown.
func (t *turn) handleReview(in Input) {
	switch {
	case in.Button == dataConfirm:
		t.confirm()
		return
	case in.Button != "":
		t.reviewHint(t.tr("flows_stale", nil))
		return
	case strings.TrimSpace(in.Text) == "":
		t.reviewHint("")
		return
	case utf8.RuneCountInString(in.Text) > maxInputLen:
		t.reviewHint(t.tr("flows_err_not_understood_plain", nil))
		return
	}
	switch command(in.Text) {
	case cmdCancel:
		t.pause()
		return
	case cmdBack:
		qs := t.relevantQuestions()
		t.ask(qs[len(qs)-1])
		return
	}
	switch {
	case isConfirm(in.Text):
		t.confirm()
	case isLooseYes(in.Text):
		// "1", "ok", "có" may answer anything; sending a report needs more.
		t.reply(t.tr("flows_review_confirm_how", nil), t.confirmButtons())
	default:
		if n, ok := editNumber(in.Text); ok {
			t.edit(n, func(msg string) { t.reviewHint(msg) })
			return
		}
		t.reviewHint(t.quoting("flows_err_not_understood", in.Text, nil))
	}
}

// edit asks question n (as the review numbers them) again, from the review
// or from any question; "back" from it returns to where the person was.
// outOfRange shows the message for a number with no question.
func (t *turn) edit(n int, outOfRange func(msg string)) {
	qs := t.relevantQuestions()
	if n < 1 || n > len(qs) {
		outOfRange(t.tr("flows_edit_range", map[string]any{"Total": len(qs)}))
		return
	}
	t.st.Editing = true
	t.ask(qs[n-1])
}

// confirm submits, unless an answer is still missing or no longer holds
// (the state came from elsewhere): then that question is asked instead.
func (t *turn) confirm() {
	rel := t.relevance()
	for i, q := range t.p.order {
		v, answered := t.st.Answers[q.ID]
		if rel[i] && (!answered || t.savedProblem(i, v) != "") {
			t.reply(t.tr("flows_review_open", nil), nil)
			t.advance()
			return
		}
	}
	t.st.Stage, t.st.Current, t.st.Editing = StageSubmitted, "", false
	t.out.Submit = true
}

func (t *turn) relevantQuestions() []*Question {
	var out []*Question
	for i, rel := range t.relevance() {
		if rel {
			out = append(out, t.p.order[i])
		}
	}
	return out
}

// lateNote says, once the deadline has passed, by how many days and until
// when the report is still accepted; "" before it or when unknown.
func (t *turn) lateNote() string {
	d := t.ctx.Deadline
	if d.IsZero() || t.ctx.Now.IsZero() {
		return ""
	}
	now := t.ctx.Now.In(d.Location())
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, d.Location())
	days := int(today.Sub(d).Hours()/24 + 0.5)
	if days < 1 {
		return ""
	}
	return t.cat.N(t.lang, "flows_late", days, map[string]any{
		// ClosesAt is the first moment no longer accepted: its day before is the last.
		"Deadline": locales.FormatDate(d, d.Location()),
		"Until":    locales.FormatDate(t.ctx.ClosesAt.Add(-time.Nanosecond), d.Location())})
}
