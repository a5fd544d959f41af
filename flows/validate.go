package flows

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Limits a form must respect.
const (
	// defaultMaxLen is a text answer's limit when the form sets none.
	defaultMaxLen = 1000
	// maxInputLen is the longest message the engine reads at all; it also
	// caps max_len, well under what a database text column or a chat
	// message can carry.
	maxInputLen = 4000
)

var (
	idPattern          = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
	choiceCodePattern  = regexp.MustCompile(`^[a-z0-9_]{1,16}$`)
	placeholderPattern = regexp.MustCompile(`\{([^{}]*)\}`)

	languages     = []string{"vi", "en"}
	questionTypes = []string{TypeCount, TypeDecimal, TypeYesNo, TypeChoice, TypeText}
)

// checker collects every problem of a form, so that an author fixes them
// in one go rather than one start-up at a time.
type checker struct {
	form    string
	library string // the library file checked, instead of a form
	errs    []error
}

func (c *checker) add(field, format string, args ...any) {
	c.errs = append(c.errs, &FormError{Form: c.form, Library: c.library, Field: field,
		Problem: fmt.Sprintf(format, args...)})
}

// compile validates f and flattens it into a plan; lib, when not nil,
// first replaces f's references to library questions by the questions.
func compile(f *Form, lib *Library) (*plan, error) {
	c := &checker{form: f.ID}
	c.checkID("id", f.ID)
	c.checkText("title", f.Title)
	c.checkChain(f)
	c.resolve(f, lib)
	if len(f.Sections) == 0 {
		c.add("sections", "the form has no sections")
	}
	p := c.flatten(f)
	// Conditions are checked once every question's position is known.
	p.relevant = make([]*expr, len(p.order))
	p.rules = make([][]*expr, len(p.order))
	for i, q := range p.order {
		if q.ID != "" && p.pos[q.ID] == i {
			c.checkConditions(p, i, questionField(q, 0, ""))
		}
	}
	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	return p, nil
}

// flatten checks sections and questions and lists the questions in order.
func (c *checker) flatten(f *Form) *plan {
	p := &plan{pos: map[string]int{}}
	sectionIDs := map[string]bool{}
	for si := range f.Sections {
		s := &f.Sections[si]
		field := sectionField(si, s)
		c.checkID(field+": id", s.ID)
		if s.ID != "" && sectionIDs[s.ID] {
			c.add(field, "duplicate section id")
		}
		sectionIDs[s.ID] = true
		c.checkText(field+": title", s.Title)
		if len(s.Questions) == 0 {
			c.add(field, "no questions")
		}
		for qi := range s.Questions {
			q := &s.Questions[qi]
			qf := questionField(q, qi, field)
			c.checkQuestion(qf, q)
			if _, dup := p.pos[q.ID]; dup && q.ID != "" {
				c.add(qf, "duplicate question id")
			} else if q.ID != "" {
				p.pos[q.ID] = len(p.order)
			}
			p.order = append(p.order, q)
			p.sectionOf = append(p.sectionOf, si)
		}
	}
	return p
}

func sectionField(i int, s *Section) string {
	if s.ID == "" {
		return fmt.Sprintf("section #%d", i+1)
	}
	return fmt.Sprintf("section %q", s.ID)
}

// questionField names q by id, or by position in its section when it has none.
func questionField(q *Question, i int, section string) string {
	if q.ID == "" {
		return fmt.Sprintf("question #%d of %s", i+1, section)
	}
	return fmt.Sprintf("question %q", q.ID)
}

func (c *checker) checkID(field, id string) {
	switch {
	case id == "":
		c.add(field, "missing")
	case !idPattern.MatchString(id):
		c.add(field, "%q must start with a lower-case letter and hold only a-z, 0-9 and _ (at most 40)", id)
	}
}

// checkText wants both languages and nothing else.
func (c *checker) checkText(field string, t Text) {
	for _, lang := range languages {
		if strings.TrimSpace(t[lang]) == "" {
			c.add(field, "missing %q text", lang)
		}
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(languages, k) {
			c.add(field, "unknown language %q (want vi and en)", k)
		}
	}
}

func (c *checker) checkQuestion(field string, q *Question) {
	if q.ID == "" {
		c.add(field, "missing id")
	} else {
		c.checkID(field+": id", q.ID)
	}
	if q.Type == "" {
		c.add(field+": type", "missing (only a question of the library, forms/questions, may leave it out)")
	} else if !slices.Contains(questionTypes, q.Type) {
		c.add(field+": type", "unknown type %q (want count, decimal, yesno, choice or text)", q.Type)
	}
	c.checkText(field+": label", q.Label)
	c.checkWordingPlaceholders(field+": label", q.Label)
	if len(q.Help) > 0 {
		c.checkText(field+": help", q.Help)
		c.checkWordingPlaceholders(field+": help", q.Help)
	}
	c.checkBounds(field, q)
	if q.Type == TypeChoice {
		c.checkChoices(field, q.Choices)
	} else if len(q.Choices) > 0 {
		c.add(field+": choices", "only choice questions have choices")
	}
}

// checkWordingPlaceholders allows only "{unit}" in a label or help: it
// is the reporting unit's name (Context.UnitName); anything else in
// braces would be shown to the person as it is written.
func (c *checker) checkWordingPlaceholders(field string, t Text) {
	seen := map[string]bool{unitPlaceholder: true}
	for _, lang := range languages {
		for _, m := range placeholderPattern.FindAllString(t[lang], -1) {
			if !seen[m] {
				seen[m] = true
				c.add(field, "%q is not a placeholder a label or help can use (only %s)", m, unitPlaceholder)
			}
		}
	}
}

func (c *checker) checkBounds(field string, q *Question) {
	isNumber := q.Type == TypeCount || q.Type == TypeDecimal
	if !isNumber && (q.Min != nil || q.Max != nil) {
		c.add(field, "min and max apply only to count and decimal questions")
	}
	if q.Min != nil && q.Max != nil && *q.Min > *q.Max {
		c.add(field, "min %v is greater than max %v", *q.Min, *q.Max)
	}
	if q.Type != TypeText && q.MaxLen != 0 {
		c.add(field+": max_len", "only text questions have max_len")
	}
	if q.MaxLen < 0 || q.MaxLen > maxInputLen {
		c.add(field+": max_len", "%d is not between 1 and %d", q.MaxLen, maxInputLen)
	}
}

func (c *checker) checkChoices(field string, choices []Choice) {
	if len(choices) == 0 {
		c.add(field, "choice question without choices")
	}
	seen := map[string]bool{}
	for i, ch := range choices {
		cf := fmt.Sprintf("%s: choices[%d]", field, i)
		switch {
		case ch.Code == "":
			c.add(cf, "missing code")
		case !choiceCodePattern.MatchString(ch.Code):
			c.add(cf, "code %q must be 1-16 of a-z, 0-9 and _", ch.Code)
		case seen[ch.Code]:
			c.add(cf, "duplicate choice code %q", ch.Code)
		}
		seen[ch.Code] = true
		c.checkText(cf+": label", ch.Label)
	}
}

// checkConditions parses question i's relevance and constraints and checks
// what they read.
func (c *checker) checkConditions(p *plan, i int, field string) {
	q := p.order[i]
	if q.RelevantIf != "" {
		x := c.checkExpr(p, i, field+": relevant_if", q.RelevantIf, false)
		p.relevant[i] = x
	}
	p.rules[i] = make([]*expr, len(q.Constraints))
	for k, con := range q.Constraints {
		cf := fmt.Sprintf("%s: constraints[%d]", field, k)
		x := c.checkExpr(p, i, cf+": rule", con.Rule, true)
		p.rules[i][k] = x
		c.checkText(cf+": message", con.Message)
		if x == nil {
			continue
		}
		if !slices.Contains(x.refs(), q.ID) {
			c.add(cf+": rule", "does not mention the question itself, so no answer could ever fix it")
		}
		for _, lang := range languages {
			for _, m := range placeholderPattern.FindAllStringSubmatch(con.Message[lang], -1) {
				if !slices.Contains(x.refs(), m[1]) {
					c.add(cf+": message", "%q names no question the rule reads", m[0])
				}
			}
		}
	}
}

// checkExpr parses src and checks its references; self says whether the
// question itself may be read (constraints) or not (relevance).
func (c *checker) checkExpr(p *plan, i int, field, src string, self bool) *expr {
	x, err := parseExpr(src)
	if err != nil {
		c.add(field, "%q: %v", src, err)
		return nil
	}
	ok := true
	if len(x.refs()) == 0 {
		c.add(field, "%q reads no question", src)
		ok = false
	}
	for _, ref := range x.refs() {
		j, known := p.pos[ref]
		switch {
		case !known:
			c.add(field, "unknown question %q", ref)
		case j > i || (j == i && !self):
			where := "comes later in the form"
			if j == i {
				where = "is the question itself"
			}
			c.add(field, "reads %q, which %s (a condition may only depend on earlier answers)", ref, where)
		default:
			ok = c.checkOperandType(field, x, p.order[j]) && ok
			continue
		}
		ok = false
	}
	if !ok {
		return nil
	}
	return x
}

// checkOperandType refuses text and choice answers anywhere in a condition
// and yes/no answers inside a sum: they are not quantities.
func (c *checker) checkOperandType(field string, x *expr, q *Question) bool {
	switch q.Type {
	case TypeText, TypeChoice:
		c.add(field, "%q is a %s question and cannot be used in arithmetic or comparisons", q.ID, q.Type)
		return false
	case TypeYesNo:
		for _, side := range [][]term{x.left, x.right} {
			if len(side) > 1 && slices.ContainsFunc(side, func(t term) bool { return t.ref == q.ID }) {
				c.add(field, "%q is a yes/no question and cannot be used in arithmetic (compare it alone with 1 or 0)", q.ID)
				return false
			}
		}
	}
	return true
}
