package flows

import (
	"strconv"
	"strings"
)

// Pending is an answer waiting for the person's yes or no before it is
// stored: a number read only probably ("1,234" on a count, "khoảng 20"),
// or one that a soft check doubts.
type Pending struct {
	Question string `json:"q"`
	Value    string `json:"v"` // canonical
	// Soft says a soft check asked: yes keeps the value as it is.
	Soft bool `json:"soft,omitempty"`
	// Noted says the value came from words: it is confirmed in digits.
	Noted bool `json:"noted,omitempty"`
	// Prompt is the question as asked, shown again on an empty input.
	Prompt string `json:"prompt,omitempty"`
}

// dataPending is the yes/no of a pending answer: chk:<qid>:1|0.
const dataPending = "chk"

// askPending asks the person to confirm p with msg and Yes/No buttons.
func (t *turn) askPending(q *Question, p Pending, msg string) {
	p.Prompt = msg
	t.st.Stage, t.st.Current, t.st.Pending = StageAsking, q.ID, &p
	t.reply(msg, t.pendingButtons(q))
}

func (t *turn) pendingButtons(q *Question) [][]Button {
	data := dataPending + ":" + q.ID + ":"
	return [][]Button{{{Label: t.tr("flows_yes", nil), Data: data + "1"}, {Label: t.tr("flows_no", nil), Data: data + "0"}}}
}

// answerPending takes the yes or no to p; anything else (a new number, a
// command, another button) is not an answer to it, and the caller handles
// it as an input to q, p dropped.
func (t *turn) answerPending(q *Question, p Pending, in Input) bool {
	yes, ok := false, false
	switch {
	case in.Button != "":
		if in.Button == dataPending+":"+q.ID+":1" || in.Button == dataPending+":"+q.ID+":0" {
			yes, ok = strings.HasSuffix(in.Button, ":1"), true
		}
	case strings.TrimSpace(in.Text) == "":
		t.askPending(q, p, p.Prompt)
		return true
	default:
		if btn, numbered := numberedButton(t.pendingButtons(q), in.Text); numbered {
			yes, ok = strings.HasSuffix(btn, ":1"), true
		} else if v, word := yesNo(in.Text); word {
			yes, ok = v == "1", true
		}
	}
	switch {
	case !ok:
		return false
	case yes:
		t.store(q, p.Value, p.Noted || !p.Soft, p.Soft)
	default:
		t.reask(q, t.tr("flows_pending_no", nil))
	}
	return true
}

// numberedButton reads a typed "2" as the second of buttons, as a channel
// that shows buttons as numbered options does: the engine does it too, so
// that the number still works when the channel forgot what it showed (a
// restart). Callers use it only where a number is not itself the answer.
func numberedButton(buttons [][]Button, text string) (string, bool) {
	n, err := strconv.Atoi(phrase(text))
	if err != nil || n < 1 {
		return "", false
	}
	for _, row := range buttons {
		if n <= len(row) {
			return row[n-1].Data, true
		}
		n -= len(row)
	}
	return "", false
}

// Numbered reports whether, in state st, a typed number may stand for the
// Nth button of the last reply: at yes/no and choice questions and at a
// pending yes/no, but not where a number is the answer, and not at the
// review, whose one button must be pressed or named ("xác nhận").
func (e *Engine) Numbered(f *Form, st State) bool {
	if st.Stage != StageAsking {
		return false
	}
	if st.Pending != nil {
		return true
	}
	p, err := planOf(f)
	if err != nil {
		return false
	}
	i, ok := p.pos[st.Current]
	return ok && (p.order[i].Type == TypeYesNo || p.order[i].Type == TypeChoice)
}
