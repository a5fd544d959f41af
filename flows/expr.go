package flows

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The condition language is parsed by hand on purpose: it has sums, six
// comparisons and two kinds of term, nothing else. Expression libraries
// (expr, govaluate, CEL) bring function calls, strings, maps and loops that
// a form author does not need and a reviewer would have to rule out, their
// errors do not name our fields, and they cannot tell "unanswered" from 0.
// Sixty lines of parser keep every form's logic checkable at load time.

// expr is a parsed condition: <sum> <op> <sum>.
type expr struct {
	left, right []term
	op          string
}

// term is a question reference or a number literal.
type term struct {
	ref string
	num float64
}

// comparisons lists the operators, longest first so that "<=" wins over "<".
var comparisons = []string{"<=", ">=", "!=", "<", ">", "="}

// parseExpr reads src; errors say what was expected and where.
func parseExpr(src string) (*expr, error) {
	p := &exprParser{src: src}
	left, err := p.sum()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	op := p.comparison()
	if op == "" {
		if p.pos >= len(p.src) {
			return nil, errors.New("missing comparison (one of < <= = != >= >)")
		}
		return nil, fmt.Errorf("unexpected %q at position %d, want a comparison (one of < <= = != >= >)", p.char(), p.pos+1)
	}
	right, err := p.sum()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		return nil, fmt.Errorf("unexpected %q at position %d after the comparison", p.src[p.pos:], p.pos+1)
	}
	return &expr{left: left, right: right, op: op}, nil
}

type exprParser struct {
	src string
	pos int
}

func (p *exprParser) skipSpace() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

// sum reads term (+ term)*.
func (p *exprParser) sum() ([]term, error) {
	var terms []term
	for {
		t, err := p.term()
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != '+' {
			return terms, nil
		}
		p.pos++
	}
}

// term reads a question id ([a-z_][a-z0-9_]*) or a number (digits with an
// optional "." and decimals).
func (p *exprParser) term() (term, error) {
	p.skipSpace()
	start := p.pos
	switch {
	case p.pos >= len(p.src):
		return term{}, fmt.Errorf("expected a question id or a number at position %d, found the end", p.pos+1)
	case isIdentStart(p.src[p.pos]):
		for p.pos < len(p.src) && isIdentPart(p.src[p.pos]) {
			p.pos++
		}
		return term{ref: p.src[start:p.pos]}, nil
	case isDigit(p.src[p.pos]):
		p.digits()
		if p.pos < len(p.src) && p.src[p.pos] == '.' {
			p.pos++
			if p.digits() == 0 {
				return term{}, fmt.Errorf("number %q at position %d has no digits after the point", p.src[start:p.pos], start+1)
			}
		}
		v, err := strconv.ParseFloat(p.src[start:p.pos], 64)
		if err != nil {
			return term{}, fmt.Errorf("number %q at position %d: %w", p.src[start:p.pos], start+1, err)
		}
		return term{num: v}, nil
	}
	return term{}, fmt.Errorf("unexpected %q at position %d, want a question id or a number", p.char(), p.pos+1)
}

// char is the character at the current position, whole even if it is not ASCII.
func (p *exprParser) char() string {
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	return string(r)
}

func (p *exprParser) digits() int {
	n := 0
	for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
		p.pos++
		n++
	}
	return n
}

func (p *exprParser) comparison() string {
	for _, op := range comparisons {
		if strings.HasPrefix(p.src[p.pos:], op) {
			p.pos += len(op)
			return op
		}
	}
	return ""
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool { return (c >= 'a' && c <= 'z') || c == '_' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || isDigit(c) }

// refs lists the question ids the expression reads, in order, once each.
func (x *expr) refs() []string {
	var out []string
	seen := map[string]bool{}
	for _, side := range [][]term{x.left, x.right} {
		for _, t := range side {
			if t.ref != "" && !seen[t.ref] {
				seen[t.ref] = true
				out = append(out, t.ref)
			}
		}
	}
	return out
}

// eval compares the two sums. known is false when an operand has no value
// (unanswered, skipped or not relevant): constraints then pass and
// relevance conditions are false, as the form format documents.
func (x *expr) eval(value func(id string) (float64, bool)) (result, known bool) {
	l, lok := sumOf(x.left, value)
	r, rok := sumOf(x.right, value)
	if !lok || !rok {
		return false, false
	}
	switch x.op {
	case "<":
		return l < r, true
	case "<=":
		return l <= r, true
	case "=":
		return l == r, true
	case "!=":
		return l != r, true
	case ">=":
		return l >= r, true
	}
	return l > r, true
}

func sumOf(terms []term, value func(string) (float64, bool)) (float64, bool) {
	total := 0.0
	for _, t := range terms {
		if t.ref == "" {
			total += t.num
			continue
		}
		v, ok := value(t.ref)
		if !ok {
			return 0, false
		}
		total += v
	}
	return total, true
}
