package flows

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"treembot/locales"
)

// Button data carries the question id, so a press on an old keyboard is
// recognised and refused instead of answering the wrong question.
const (
	dataAnswer  = "ans"         // ans:<qid>:<code>
	dataNav     = "nav"         // nav:<qid>:back|skip|keep
	dataConfirm = "rev:confirm" // the review's confirm button
)

// shownTextLen caps a text answer when it is echoed back (prompts, review)
// so that a 32-line review still fits one chat message.
const shownTextLen = 200

// ask shows question q and makes it the current one.
func (t *turn) ask(q *Question) {
	i := t.p.pos[q.ID]
	t.st.Stage, t.st.Current, t.st.Pending = StageAsking, q.ID, nil
	rel := t.relevance()
	var lines []string
	if t.showSection || t.firstInSection(i, rel) {
		s := t.p.sectionOf[i]
		lines = append(lines, t.tr("flows_section", map[string]any{
			"N": s + 1, "Total": len(t.f.Sections), "Title": t.text(t.f.Sections[s].Title)}))
	}
	t.showSection = false
	// The total moves as follow-up questions switch on or off, so the
	// person sees the question's number and roughly how many are left.
	n, total := progress(i, t.relevanceStates())
	id := "flows_progress"
	if n >= total {
		id = "flows_progress_last"
	}
	lines = append(lines, t.tr(id, map[string]any{"N": n, "Left": total - n}), t.text(q.Label))
	if help := t.text(q.Help); help != "" {
		lines = append(lines, "ℹ️ "+help)
	}
	lines = append(lines, t.expectLines(q)...)
	if t.settled(q) {
		lines = append(lines, t.tr("flows_current", map[string]any{"Value": t.formatValue(q, t.st.Answers[q.ID])}))
	}
	t.reply(strings.Join(lines, "\n"), t.buttons(q))
}

// reask refuses an input with msg and repeats what q expects.
func (t *turn) reask(q *Question, msg string) {
	t.reply(strings.Join(append([]string{msg}, t.expectLines(q)...), "\n"), t.buttons(q))
}

// refuse refuses an input whose form was right but whose value was not
// (out of range, contradicting another answer): the expectation is known.
func (t *turn) refuse(q *Question, msg string) {
	t.reply(msg, t.buttons(q))
}

// unitPlaceholder in a form's wording is replaced by the unit's name, so
// one question reads right for a village and for a commune.
const unitPlaceholder = "{unit}"

func (t *turn) text(x Text) string {
	unit := t.ctx.UnitName
	if unit == "" && strings.Contains(x[t.lang]+x[locales.VI], unitPlaceholder) {
		unit = t.tr("flows_unit_unknown", nil)
	}
	return x.In(t.lang, unit)
}

// In is the text in lang (Vietnamese when it has none) worded for unit.
func (x Text) In(lang, unit string) string {
	s := x[lang]
	if s == "" {
		s = x[locales.VI]
	}
	return strings.ReplaceAll(s, unitPlaceholder, unit)
}

// progress numbers question i among those asked, out of those asked or
// still possible: the total only ever shrinks as answers rule questions
// out, which reads better on a phone than a count that keeps growing.
func progress(i int, states []int8) (n, total int) {
	for j, s := range states {
		if s != relNo {
			total++
		}
		if s == relYes && j <= i {
			n++
		}
	}
	return n, total
}

func (t *turn) firstInSection(i int, rel []bool) bool {
	for j := i - 1; j >= 0 && t.p.sectionOf[j] == t.p.sectionOf[i]; j-- {
		if rel[j] {
			return false
		}
	}
	return true
}

// expectLines say what answer q wants and how to give it.
func (t *turn) expectLines(q *Question) []string {
	var lines []string
	switch q.Type {
	case TypeCount:
		lines = append(lines, t.tr("flows_expect_count", nil))
	case TypeDecimal:
		lines = append(lines, t.tr("flows_expect_decimal", nil))
	case TypeYesNo:
		lines = append(lines, t.tr("flows_expect_yesno", nil))
	case TypeChoice:
		for k, ch := range q.Choices {
			lines = append(lines, fmt.Sprintf("%d. %s", k+1, t.text(ch.Label)))
		}
		lines = append(lines, t.tr("flows_expect_choice", nil))
	case TypeText:
		lines = append(lines, t.tr("flows_expect_text", t.textLimits(q, 0)))
	}
	if !q.Required {
		lines = append(lines, t.tr("flows_optional", nil))
	}
	return lines
}

func maxLen(q *Question) int {
	if q.MaxLen > 0 {
		return q.MaxLen
	}
	return defaultMaxLen
}

// buttons are q's options, one row for yes/no and one row per choice,
// then the navigation row.
func (t *turn) buttons(q *Question) [][]Button {
	var rows [][]Button
	answer := func(label, code string) Button {
		return Button{Label: label, Data: dataAnswer + ":" + q.ID + ":" + code}
	}
	switch q.Type {
	case TypeYesNo:
		rows = append(rows, []Button{answer(t.tr("flows_yes", nil), "1"), answer(t.tr("flows_no", nil), "0")})
	case TypeChoice:
		for _, ch := range q.Choices {
			rows = append(rows, []Button{answer(t.text(ch.Label), ch.Code)})
		}
	}
	if nav := t.navButtons(q); len(nav) > 0 {
		rows = append(rows, nav)
	}
	return rows
}

// navButtons offers back only where there is somewhere to go, skip only
// on optional questions, and keep only when there is a valid answer.
func (t *turn) navButtons(q *Question) []Button {
	nav := func(label, action string) Button {
		return Button{Label: t.tr(label, nil), Data: dataNav + ":" + q.ID + ":" + action}
	}
	var row []Button
	if (t.st.Editing && t.settled(q)) || t.previous(q) != nil {
		row = append(row, nav("flows_btn_back", cmdBack))
	}
	if !q.Required {
		row = append(row, nav("flows_btn_skip", cmdSkip))
	}
	if t.settled(q) {
		row = append(row, nav("flows_btn_keep", cmdKeep))
	}
	return row
}

// previous is where "back" goes from q: from a question not yet settled,
// the one answered last (Trail); otherwise the previous answered question
// in form order, so that repeated "back" walks steadily to the start.
func (t *turn) previous(q *Question) *Question {
	rel := t.relevance()
	usable := func(id string) bool {
		j, known := t.p.pos[id]
		_, answered := t.st.Answers[id]
		return known && id != q.ID && rel[j] && answered
	}
	if !t.settled(q) {
		for k := len(t.st.Trail) - 1; k >= 0; k-- {
			if usable(t.st.Trail[k]) {
				return t.p.order[t.p.pos[t.st.Trail[k]]]
			}
		}
	}
	for j := t.p.pos[q.ID] - 1; j >= 0; j-- {
		if usable(t.p.order[j].ID) {
			return t.p.order[j]
		}
	}
	return nil
}

// formatValue shows a canonical answer to a reader of t.lang.
func (t *turn) formatValue(q *Question, v string) string {
	if v == "" {
		return t.tr("flows_skipped", nil)
	}
	switch q.Type {
	case TypeCount, TypeDecimal:
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return locales.FormatNumber(t.lang, n, 6)
		}
	case TypeYesNo:
		switch v {
		case "1":
			return t.tr("flows_yes", nil)
		case "0":
			return t.tr("flows_no", nil)
		}
	case TypeChoice:
		if k := slices.IndexFunc(q.Choices, func(c Choice) bool { return c.Code == v }); k >= 0 {
			return t.text(q.Choices[k].Label)
		}
	}
	return shorten(v, shownTextLen)
}

// shorten cuts s to at most n characters, marking the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
