package flows

import (
	"math"
	"slices"
	"strconv"
)

// constraintProblem checks question i's constraints as if it were answered
// value, and returns the failing constraint's message with the values it
// names filled in, or "".
func (t *turn) constraintProblem(i int, value string) string {
	q := t.p.order[i]
	old, had := t.st.Answers[q.ID]
	t.st.Answers[q.ID] = value
	defer func() {
		if had {
			t.st.Answers[q.ID] = old
		} else {
			delete(t.st.Answers, q.ID)
		}
	}()
	for k, x := range t.p.rules[i] {
		if ok, known := x.eval(t.number); known && !ok {
			return t.constraintMessage(q.Constraints[k])
		}
	}
	return ""
}

// constraintMessage fills "{id}" with that question's current answer.
func (t *turn) constraintMessage(c Constraint) string {
	return placeholderPattern.ReplaceAllStringFunc(t.text(c.Message), func(m string) string {
		id := m[1 : len(m)-1]
		j, ok := t.p.pos[id]
		if !ok {
			return m
		}
		return t.formatValue(t.p.order[j], t.st.Answers[id])
	})
}

// savedProblem says why a saved answer v to question i cannot stand (it is
// not a valid value any more, or an edit elsewhere made it contradict a
// constraint), or "" when it is fine. Skipped ("") always stands.
func (t *turn) savedProblem(i int, v string) string {
	if v == "" {
		return ""
	}
	q := t.p.order[i]
	if !validCanonical(q, v) {
		return t.tr("flows_recheck_invalid", map[string]any{"Value": shorten(v, 40)})
	}
	if problem := t.constraintProblem(i, v); problem != "" {
		return t.tr("flows_recheck", map[string]any{"Problem": problem})
	}
	return ""
}

// settled reports whether q has a saved answer that still holds.
func (t *turn) settled(q *Question) bool {
	v, ok := t.st.Answers[q.ID]
	return ok && t.savedProblem(t.p.pos[q.ID], v) == ""
}

// validCanonical reports whether v is a value the engine itself would have
// stored for q; answers can come from an older form version or by hand.
func validCanonical(q *Question, v string) bool {
	switch q.Type {
	case TypeCount, TypeDecimal:
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || n < 0 {
			return false
		}
		if q.Type == TypeCount && n != math.Trunc(n) {
			return false
		}
		return (q.Min == nil || n >= *q.Min) && (q.Max == nil || n <= *q.Max)
	case TypeYesNo:
		return v == "1" || v == "0"
	case TypeChoice:
		return slices.ContainsFunc(q.Choices, func(c Choice) bool { return c.Code == v })
	}
	return true
}
