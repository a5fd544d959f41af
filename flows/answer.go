package flows

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"treembot/locales"
)

// handleAsking takes one input while question q is asked.
func (t *turn) handleAsking(q *Question, in Input) {
	if p := t.st.Pending; p != nil {
		t.st.Pending = nil
		if p.Question == q.ID && t.answerPending(q, *p, in) {
			return
		}
	}
	switch {
	case in.Button != "":
		t.pressed(q, in.Button)
	case in.Text == "":
		t.ask(q)
	default:
		t.typed(q, in.Text)
	}
}

// pressed handles button data; a button of another question (an old
// keyboard still on screen) is refused without saving anything.
func (t *turn) pressed(q *Question, data string) {
	kind, rest, _ := strings.Cut(data, ":")
	id, arg, _ := strings.Cut(rest, ":")
	if id != q.ID || (kind != dataAnswer && kind != dataNav) {
		t.stale(q)
		return
	}
	if kind == dataNav {
		if arg != cmdBack && arg != cmdSkip && arg != cmdKeep {
			t.stale(q)
			return
		}
		t.navigate(q, arg)
		return
	}
	valid := (q.Type == TypeYesNo && (arg == "1" || arg == "0")) ||
		(q.Type == TypeChoice && slices.ContainsFunc(q.Choices, func(c Choice) bool { return c.Code == arg }))
	if !valid {
		t.stale(q)
		return
	}
	t.accept(q, arg)
}

// stale tells the user an old button was pressed and asks again.
func (t *turn) stale(q *Question) {
	t.reply(t.tr("flows_stale", nil), nil)
	t.ask(q)
}

func (t *turn) typed(q *Question, text string) {
	if n := utf8.RuneCountInString(text); n > maxInputLen {
		length := locales.FormatNumber(t.lang, float64(n), 0)
		if q.Type == TypeText {
			t.reask(q, t.tr("flows_err_text_too_long", t.textLimits(q, n)))
			return
		}
		t.reask(q, t.tr("flows_err_input_too_long", map[string]any{"Len": length}))
		return
	}
	if t.shortcut(q, text) {
		return
	}
	if q.Type == TypeCount || q.Type == TypeDecimal {
		t.typedNumber(q, text)
		return
	}
	value, problem := t.parseAnswer(q, text)
	if problem != "" {
		t.reask(q, problem)
		return
	}
	t.accept(q, value)
}

// shortcut runs what text asks for instead of answering q: a command, "sửa
// N" (question N, then back here), or a button typed as its number.
func (t *turn) shortcut(q *Question, text string) bool {
	if cmd := command(text); cmd != "" {
		t.navigate(q, cmd)
		return true
	}
	if n, ok := editNumber(text); ok {
		t.edit(n, func(msg string) { t.reask(q, msg) })
		if t.st.Current != q.ID {
			t.st.Resume = q.ID
		}
		return true
	}
	if q.Type == TypeYesNo || q.Type == TypeChoice {
		if btn, ok := numberedButton(t.buttons(q), text); ok {
			t.pressed(q, btn)
			return true
		}
	}
	return false
}

// navigate runs back, skip, keep or cancel at question q.
func (t *turn) navigate(q *Question, cmd string) {
	switch cmd {
	case cmdCancel:
		t.pause()
	case cmdBack:
		t.back(q)
	case cmdSkip:
		if q.Required {
			t.reask(q, t.tr("flows_err_skip_required", nil))
			return
		}
		t.accept(q, "")
	case cmdKeep:
		v, ok := t.st.Answers[q.ID]
		if !ok {
			t.reask(q, t.tr("flows_err_keep_nothing", nil))
			return
		}
		if problem := t.savedProblem(t.p.pos[q.ID], v); problem != "" {
			t.refuse(q, problem)
			return
		}
		t.advance()
	}
}

// back returns to the review when editing an answer from it, else to the
// previous question, showing its current answer. A follow-up question the
// edit opened (or broke) is not settled, so from there back goes to the
// edited question.
func (t *turn) back(q *Question) {
	if t.st.Editing && t.settled(q) {
		t.resume()
		return
	}
	prev := t.previous(q)
	if prev == nil {
		t.reply(t.tr("flows_first_question", nil), nil)
		t.ask(q)
		return
	}
	t.ask(prev)
}

// accept stores a value the person gave exactly (a button, a word).
func (t *turn) accept(q *Question, value string) {
	t.store(q, value, false, false)
}

// store checks value against q's constraints, saves it, clears answers it
// made irrelevant, and moves on. A failing hard constraint refuses it; a
// failing soft one asks "đúng không?" first unless softKept says the person
// already said yes. noted confirms the value in digits with the next reply.
func (t *turn) store(q *Question, value string, noted, softKept bool) {
	i := t.p.pos[q.ID]
	if msg, hint := t.constraintProblem(i, value); msg != "" {
		t.refuse(q, msg+"\n"+hint)
		return
	}
	if !softKept {
		if msg := t.softProblem(i, value); msg != "" {
			ask := t.tr("flows_soft_ask", map[string]any{"Problem": msg, "Value": t.formatValue(q, value)})
			t.askPending(q, Pending{Question: q.ID, Value: value, Soft: true, Noted: noted}, ask)
			return
		}
	}
	if noted {
		t.note = t.tr("flows_recorded", map[string]any{"Value": t.formatValue(q, value)})
	}
	old, had := t.st.Answers[q.ID]
	t.st.Answers[q.ID] = value
	t.st.Trail = append(slices.DeleteFunc(t.st.Trail, func(s string) bool { return s == q.ID }), q.ID)
	if !had || old != value {
		t.out.Changes = append(t.out.Changes, Change{Code: q.ID, Value: value})
	}
	t.clearIrrelevant()
	t.resume()
}

// parseAnswer turns typed text into q's canonical value, or explains why
// it cannot.
func (t *turn) parseAnswer(q *Question, text string) (value, problem string) {
	switch q.Type {
	case TypeText:
		return t.parseText(q, text)
	case TypeYesNo:
		if v, ok := yesNo(text); ok {
			return v, ""
		}
	case TypeChoice:
		v, number := choiceOf(q, text)
		switch {
		case v != "":
			return v, ""
		case number:
			return "", t.tr("flows_err_choice_range", map[string]any{"Max": len(q.Choices)})
		}
	}
	if strings.TrimSpace(text) == "" {
		return "", t.tr("flows_err_empty", nil)
	}
	return "", t.quoting("flows_err_not_understood", text, nil)
}

// quoting renders id with the user's input quoted when it is short enough
// to show back, and its "_plain" variant otherwise.
func (t *turn) quoting(id, text string, data map[string]any) string {
	s := strings.TrimSpace(text)
	n := utf8.RuneCountInString(s)
	if n == 0 || n > 20 || !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl) {
		return t.tr(id+"_plain", data)
	}
	if data == nil {
		data = map[string]any{}
	}
	data["Input"] = s
	return t.tr(id, data)
}

// parseText keeps a free-text answer as typed, minus control characters
// (a NUL cannot be stored in PostgreSQL text) and surrounding space.
func (t *turn) parseText(q *Question, text string) (string, string) {
	if !utf8.ValidString(text) {
		return "", t.tr("flows_err_text_no_words", nil)
	}
	s := strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, text))
	switch {
	case s == "":
		return "", t.tr("flows_err_empty", nil)
	case !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }):
		return "", t.tr("flows_err_text_no_words", nil)
	}
	if n := utf8.RuneCountInString(s); n > maxLen(q) {
		return "", t.tr("flows_err_text_too_long", t.textLimits(q, n))
	}
	return s, ""
}

// charsPerWord turns a length in characters into the words people count:
// a Vietnamese word (syllable) and its space are about five characters.
const charsPerWord = 5

// textLimits is what a text question's messages say about length: in
// characters (Len, Max) and, for people who do not count characters, in
// words (Words, MaxWords).
func (t *turn) textLimits(q *Question, n int) map[string]any {
	format := func(v int) string { return locales.FormatNumber(t.lang, float64(v), 0) }
	return map[string]any{"Len": format(n), "Max": format(maxLen(q)),
		"Words": format(n / charsPerWord), "MaxWords": format(maxLen(q) / charsPerWord)}
}
