package flows

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// failing returns the first of question i's constraints that fails when
// it is answered value, among the soft or the hard ones, or -1.
func (t *turn) failing(i int, value string, soft bool) int {
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
		if q.Constraints[k].Soft != soft {
			continue
		}
		if ok, known := x.eval(t.number); known && !ok {
			return k
		}
	}
	return -1
}

// constraintProblem checks question i's hard constraints as if it were
// answered value. It returns the failing one's message, with the values it
// names filled in, and a hint naming the earlier questions it reads and how
// to fix them ("sửa 2"); both are "" when every hard rule holds.
func (t *turn) constraintProblem(i int, value string) (msg, hint string) {
	k := t.failing(i, value, false)
	if k < 0 {
		return "", ""
	}
	q := t.p.order[i]
	msg = t.constraintMessage(q.Constraints[k], q.ID, value)
	return msg, t.fixHint(q, t.p.rules[i][k])
}

// softProblem is the message of question i's first failing soft check.
func (t *turn) softProblem(i int, value string) string {
	k := t.failing(i, value, true)
	if k < 0 {
		return ""
	}
	q := t.p.order[i]
	return t.constraintMessage(q.Constraints[k], q.ID, value)
}

// fixHint names, as the review numbers them, the other questions rule x
// reads: the person may fix one of them with "sửa N" from here.
func (t *turn) fixHint(q *Question, x *expr) string {
	number := map[string]int{}
	for n, rq := range t.relevantQuestions() {
		number[rq.ID] = n + 1
	}
	var names []string
	first := 0
	for _, id := range x.refs() {
		n, ok := number[id]
		if id == q.ID || !ok {
			continue
		}
		if first == 0 {
			first = n
		}
		label := shorten(t.text(t.p.order[t.p.pos[id]].Label), 60)
		names = append(names, t.tr("flows_question_named", map[string]any{"N": n, "Label": label}))
	}
	if first == 0 {
		return t.tr("flows_constraint_retype", nil)
	}
	return t.tr("flows_constraint_fix", map[string]any{"Questions": strings.Join(names, "; "), "N": first})
}

// constraintMessage fills "{id}" with that question's answer; the question
// being answered shows value.
func (t *turn) constraintMessage(c Constraint, self, value string) string {
	return placeholderPattern.ReplaceAllStringFunc(t.text(c.Message), func(m string) string {
		id := m[1 : len(m)-1]
		j, ok := t.p.pos[id]
		if !ok {
			return m
		}
		v := t.st.Answers[id]
		if id == self {
			v = value
		}
		return t.formatValue(t.p.order[j], v)
	})
}

// savedProblem says why a saved answer v to question i cannot stand (it is
// not a valid value any more, or an edit elsewhere made it contradict a
// hard constraint), or "" when it is fine. Skipped ("") always stands, and
// so does an answer that only a soft check doubts: it was kept on purpose.
func (t *turn) savedProblem(i int, v string) string {
	if v == "" {
		return ""
	}
	q := t.p.order[i]
	if !validCanonical(q, v) {
		return t.tr("flows_recheck_invalid", map[string]any{"Value": shorten(v, 40)})
	}
	if msg, hint := t.constraintProblem(i, v); msg != "" {
		return t.tr("flows_recheck", map[string]any{"Problem": msg}) + "\n" + hint
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
