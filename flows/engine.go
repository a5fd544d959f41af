package flows

import (
	"maps"
	"slices"
	"strconv"

	"treembot/locales"
)

// Engine runs conversations over forms. It holds only the message
// catalogue, so one Engine serves every chat concurrently.
type Engine struct {
	cat *locales.Catalog
}

// NewEngine returns an engine that words its replies from cat.
func NewEngine(cat *locales.Catalog) *Engine {
	return &Engine{cat: cat}
}

// Start begins or resumes a conversation from the saved answers alone: it
// greets the user naming the form, the unit and the period, then asks the
// first relevant question without an answer ("" means deliberately
// skipped, so it counts as answered), or shows the review when none is
// left. Saved answers that no longer apply are cleared through Changes.
func (e *Engine) Start(f *Form, answers map[string]string, ctx Context) Step {
	t, ok := e.begin(f, State{Answers: answers}, ctx)
	if !ok {
		return t.finish()
	}
	t.clearIrrelevant()
	t.reply(t.intro(), nil)
	t.showSection = true
	t.advance()
	return t.finish()
}

// Handle takes one input in state st and returns what follows. It never
// mutates st; invalid input leaves the state as it was and yields no
// Changes. An empty Input repeats what is being asked (the caller sends
// one after a sticker or a photo it could not pass on).
func (e *Engine) Handle(f *Form, st State, in Input, ctx Context) Step {
	t, ok := e.begin(f, st, ctx)
	if !ok {
		return t.finish()
	}
	switch t.st.Stage {
	case StageSubmitted:
		t.reply(t.tr("flows_submitted", nil), nil)
	case StageCancelled:
		t.reply(t.tr("flows_paused", nil), nil)
	case StageReview:
		t.handleReview(in)
	default:
		q := t.current()
		if q == nil {
			// Unknown stage or a question the form no longer asks: carry
			// on from the saved answers rather than guess what was meant.
			t.showSection = true
			t.advance()
			break
		}
		t.handleAsking(q, in)
	}
	return t.finish()
}

// Questions returns the questions currently relevant given answers, in
// form order; nil when the form is broken.
func (e *Engine) Questions(f *Form, answers map[string]string) []*Question {
	p, err := planOf(f)
	if err != nil {
		return nil
	}
	t := &turn{p: p, st: State{Answers: answers}}
	return t.relevantQuestions()
}

// turn is the working state of one engine call.
type turn struct {
	cat         *locales.Catalog
	f           *Form
	p           *plan
	ctx         Context
	lang        string
	st          State
	out         Step
	showSection bool // show the section heading even mid-section (first prompt)
	// note opens the next reply: what was just stored ("Đã ghi: 2.000").
	note string
}

// begin copies st so that the caller's maps and slices are never touched.
func (e *Engine) begin(f *Form, st State, ctx Context) (*turn, bool) {
	t := &turn{cat: e.cat, f: f, ctx: ctx, lang: locales.NormaliseLang(ctx.Lang, locales.VI), st: st}
	t.st.Answers = maps.Clone(st.Answers)
	if t.st.Answers == nil {
		t.st.Answers = map[string]string{}
	}
	t.st.Trail = slices.Clone(st.Trail)
	p, err := planOf(f)
	if err != nil {
		t.reply(t.tr("flows_err_form", nil), nil)
		return t, false
	}
	t.p = p
	t.st.FormID = f.ID
	return t, true
}

func (t *turn) finish() Step {
	t.out.State = t.st
	return t.out
}

func (t *turn) tr(id string, data map[string]any) string {
	return t.cat.T(t.lang, id, data)
}

func (t *turn) reply(text string, buttons [][]Button) {
	if t.note != "" {
		text, t.note = t.note+"\n"+text, ""
	}
	t.out.Replies = append(t.out.Replies, Reply{Text: text, Buttons: buttons})
}

// current is the question being asked, if it is still relevant.
func (t *turn) current() *Question {
	if t.st.Stage != StageAsking {
		return nil
	}
	i, ok := t.p.pos[t.st.Current]
	if !ok || !t.relevance()[i] {
		return nil
	}
	return t.p.order[i]
}

// Relevance of a question: asked, not asked, or not known yet because the
// answers it depends on are still to come.
const (
	relNo int8 = iota
	relYes
	relPending
)

// relevance says, for each question in order, whether it is asked now.
func (t *turn) relevance() []bool {
	states := t.relevanceStates()
	rel := make([]bool, len(states))
	for i, s := range states {
		rel[i] = s == relYes
	}
	return rel
}

// relevanceStates evaluates every condition in form order. An operand that
// is itself not asked counts as unanswered, so a stale answer never revives
// a branch; one that is unanswered or pending leaves the question pending.
func (t *turn) relevanceStates() []int8 {
	states := make([]int8, len(t.p.order))
	for i, x := range t.p.relevant {
		if x == nil {
			states[i] = relYes
			continue
		}
		pending := false
		ok, known := x.eval(func(id string) (float64, bool) {
			j := t.p.pos[id]
			_, answered := t.st.Answers[id]
			if states[j] == relPending || (states[j] == relYes && !answered) {
				pending = true
			}
			if states[j] != relYes {
				return 0, false
			}
			return t.number(id)
		})
		switch {
		case ok && known:
			states[i] = relYes
		case !known && pending:
			states[i] = relPending
		}
	}
	return states
}

// number is a stored answer as a quantity; unanswered and skipped are not
// numbers.
func (t *turn) number(id string) (float64, bool) {
	v := t.st.Answers[id]
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseFloat(v, 64)
	return n, err == nil
}

// clearIrrelevant removes answers to questions that no longer apply.
// Relevance reads only earlier questions, so one pass in order settles
// chains (clearing one answer may switch off a later question).
func (t *turn) clearIrrelevant() {
	for i, rel := range t.relevance() {
		id := t.p.order[i].ID
		if _, answered := t.st.Answers[id]; answered && !rel {
			delete(t.st.Answers, id)
			t.st.Trail = slices.DeleteFunc(t.st.Trail, func(s string) bool { return s == id })
			t.out.Changes = append(t.out.Changes, Change{Code: id, Clear: true})
		}
	}
}

// advance asks the first relevant question that is unanswered or whose
// saved answer no longer holds (an edit made it contradict a later one);
// with none left it shows the review.
func (t *turn) advance() {
	rel := t.relevance()
	for i, q := range t.p.order {
		if !rel[i] {
			continue
		}
		v, answered := t.st.Answers[q.ID]
		if !answered {
			t.ask(q)
			return
		}
		if problem := t.savedProblem(i, v); problem != "" {
			t.reply(problem, nil)
			t.ask(q)
			return
		}
	}
	t.showReview()
}

// resume returns, after an answer, to the question where "sửa N" was
// typed, if it is still asked; otherwise it goes on as advance does.
func (t *turn) resume() {
	id := t.st.Resume
	t.st.Resume = ""
	if i, ok := t.p.pos[id]; ok && id != t.st.Current && t.relevance()[i] {
		t.ask(t.p.order[i])
		return
	}
	t.advance()
}

// pause stops the conversation; the answers stay saved as a draft.
func (t *turn) pause() {
	t.st = State{FormID: t.st.FormID, Stage: StageCancelled, Answers: t.st.Answers, Trail: t.st.Trail}
	t.reply(t.tr("flows_cancelled", nil), nil)
}
