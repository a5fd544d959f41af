package flows

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"treembot/locales"
)

// typedNumber reads a typed count or decimal. A value is stored only when
// the whole input was understood; a likely reading is asked back with
// Yes/No, and anything else is refused with the reason.
func (t *turn) typedNumber(q *Question, text string) {
	r, err := locales.ReadNumber(text, q.Type == TypeCount)
	if err != nil {
		t.reask(q, t.numberProblem(q, text, err))
		return
	}
	value := locales.CanonicalNumber(r.Value)
	if r.Confirm == nil {
		if problem := t.rangeProblem(q, r.Value); problem != "" {
			t.reask(q, problem)
			return
		}
		// Typed exactly as the bot writes it, a number needs no echo.
		plain := r.Plain || strings.TrimSpace(text) == locales.FormatNumber(t.lang, r.Value, 6)
		t.store(q, value, !plain, false)
		return
	}
	// No use asking about a reading that is refused anyway; "1.5" read as
	// 15 would not do, so what was typed, a decimal, is what is refused.
	dot := errors.Is(r.Confirm, locales.ErrAmbiguous) && !strings.Contains(text, ",")
	msg, hint := t.constraintProblem(t.p.pos[q.ID], value)
	problem := t.rangeProblem(q, r.Value)
	switch {
	case (problem != "" || msg != "") && dot:
		t.reask(q, t.tr("flows_err_not_integer", nil))
	case problem != "":
		t.reask(q, problem)
	case msg != "":
		t.refuse(q, msg+"\n"+hint)
	default:
		t.askPending(q, Pending{Question: q.ID, Value: value, Noted: true}, t.askBack(text, r))
	}
}

// askBack words the question for a likely reading: why it was not stored
// at once, and the value in digits and in words.
func (t *turn) askBack(text string, r locales.Reading) string {
	id := "flows_ask_spoken"
	switch {
	case errors.Is(r.Confirm, locales.ErrAmbiguous) && strings.Contains(text, ","):
		id = "flows_ask_comma"
	case errors.Is(r.Confirm, locales.ErrAmbiguous):
		id = "flows_ask_dot"
	case errors.Is(r.Confirm, locales.ErrApprox):
		id = "flows_ask_approx"
	}
	data := map[string]any{"Value": locales.FormatNumber(t.lang, r.Value, 6)}
	if words, ok := locales.SpellNumber(t.lang, r.Value); ok {
		data["Words"] = words
	}
	return t.quoting(id, text, data)
}

// rangeProblem says why v is outside q's bounds, or "".
func (t *turn) rangeProblem(q *Question, v float64) string {
	shown := locales.FormatNumber(t.lang, v, 6)
	if q.Max != nil && v > *q.Max {
		return t.tr("flows_err_range_max", map[string]any{"Value": shown, "Max": locales.FormatNumber(t.lang, *q.Max, 6)})
	}
	if q.Min != nil && v < *q.Min {
		return t.tr("flows_err_range_min", map[string]any{"Value": shown, "Min": locales.FormatNumber(t.lang, *q.Min, 6)})
	}
	return ""
}

// numberErrors maps each refusal to its message.
var numberErrors = []struct {
	err error
	id  string
}{
	{locales.ErrEmpty, "flows_err_empty"},
	{locales.ErrNegative, "flows_err_negative"},
	{locales.ErrNotInteger, "flows_err_not_integer"},
	{locales.ErrTooLong, "flows_err_too_long_number"},
	{locales.ErrPercent, "flows_err_percent"},
	{locales.ErrFraction, "flows_err_fraction"},
	{locales.ErrRange, "flows_err_range"},
	{locales.ErrTwoNumbers, "flows_err_two_numbers"},
	{locales.ErrBound, "flows_err_bound"},
	{locales.ErrNoFigure, "flows_err_no_figure"},
}

// numberProblem explains why text is not a number q can store.
func (t *turn) numberProblem(q *Question, text string, err error) string {
	for _, e := range numberErrors {
		if errors.Is(err, e.err) {
			return t.tr(e.id, nil)
		}
	}
	if errors.Is(err, locales.ErrAmbiguous) {
		return t.ambiguous(text)
	}
	if word := unknownWord(err); word != "" && utf8.RuneCountInString(text) <= 20 {
		// "12 xyz": name the word, so the person sees the number was read.
		return t.quoting("flows_err_unknown_word", word, nil)
	}
	return t.quoting("flows_err_not_number", text, nil)
}

// unknownWord is the word of two letters or more after a number that a
// refusal could not read, or "".
func unknownWord(err error) string {
	var ne *locales.NumberError
	if !errors.As(err, &ne) || !ne.AfterNumber || utf8.RuneCountInString(ne.Word) < 2 ||
		strings.ContainsFunc(ne.Word, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }) {
		return ""
	}
	return ne.Word
}

var separatedNumber = regexp.MustCompile(`([0-9]+)[.,]([0-9]+)`)

// ambiguous spells out both readings of "1.234" on a decimal question
// (1234, or one point two three four) so the user sees why it was not
// guessed.
func (t *turn) ambiguous(text string) string {
	m := separatedNumber.FindStringSubmatch(text)
	if m == nil {
		return t.quoting("flows_err_not_number", text, nil)
	}
	joined := m[1] + m[2]
	if n, err := strconv.ParseUint(joined, 10, 64); err == nil {
		joined = strconv.FormatUint(n, 10)
	}
	mark := ","
	if t.lang == locales.EN {
		mark = "."
	}
	return t.quoting("flows_err_ambiguous_decimal", text, map[string]any{"Joined": joined, "Decimal": m[1] + mark + m[2]})
}
