package locales

import (
	"math"
	"slices"
	"unicode"
	"unicode/utf8"
)

// item is one piece of a number: digits, or a number word.
type item struct {
	kind    kind
	val     float64
	form    form
	text    string // kNum: the digits as typed
	confirm bool   // kNum: its marks need asking ("1,234" on a count)
}

// readFlags is what the words around the number said.
type readFlags struct {
	zero     bool  // "không có", "none": zero on a count
	hedge    bool  // a hedge word, with or without a figure
	approx   bool  // "khoảng", "chưa rõ", "about", "?": ask before storing
	negative bool  // a minus before the number
	joiner   error // "đến", "hoặc" after a number: ErrRange or ErrTwoNumbers
}

// classify turns tokens into the number's items and what the other words
// said, or refuses what cannot be a single figure.
func classify(toks []token, integer bool) ([]item, readFlags, error) {
	var items []item
	var fl readFlags
	dash := false
	for i := 0; i < len(toks); {
		t := toks[i]
		switch {
		case t.num:
			if dash {
				return nil, fl, ErrRange
			}
			items = append(items, item{kind: kNum, text: t.word})
			i++
		case isWordToken(t):
			j := i
			for j < len(toks) && isWordToken(toks[j]) {
				j++
			}
			before := len(items)
			var err error
			if items, err = classifyWords(wordsOf(toks[i:j]), items, &fl); err != nil {
				return nil, fl, err
			}
			if dash && len(items) > before {
				return nil, fl, ErrRange
			}
			i = j
		default:
			var err error
			if dash, err = classifySymbol(t.word, items, &fl, dash); err != nil {
				return nil, fl, err
			}
			i++
		}
	}
	if fl.joiner != nil {
		return nil, fl, fl.joiner
	}
	return items, fl, resolveDigits(items, integer)
}

func isWordToken(t token) bool {
	if t.num || t.word == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.word)
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

func wordsOf(toks []token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.word
	}
	return out
}

// classifySymbol reads a symbol; dash reports a '-' after the number,
// which makes a range if another number follows.
func classifySymbol(sym string, items []item, fl *readFlags, dash bool) (bool, error) {
	switch sym {
	case "%", "‰":
		return dash, ErrPercent
	case "/", "½", "¼", "¾", "⅓", "⅔":
		return dash, ErrFraction
	case "-":
		if len(items) == 0 {
			fl.negative = true
			return false, nil
		}
		return true, nil
	case "+":
		if len(items) > 0 {
			return dash, ErrBound
		}
	case "~", "≈", "?":
		fl.approx, fl.hedge = true, true
	case ",", ";", ":", "(", ")", "\"", "'", ".", "!", "…", "“", "”", "=":
	default:
		return dash, &NumberError{Err: ErrNotNumber, Word: sym}
	}
	return dash, nil
}

// classifyWords reads a run of words after the items so far.
func classifyWords(ws []string, items []item, fl *readFlags) ([]item, error) {
	for i := 0; i < len(ws); {
		switch f := Fold(ws[i]); {
		case f == "k" && len(items) > 0:
			// "2k" is two thousand; a lone "k" is "không".
			items = append(items, item{kind: kMag, val: 1e3})
			i++
			continue
		case f == "a" && i+1 < len(ws) && slices.Contains([]string{"hundred", "thousand", "million"}, ws[i+1]):
			items = append(items, item{kind: eSmall, val: 1})
			i++
			continue
		case f == "a" || f == "k":
			if f == "k" {
				fl.zero = true
			}
			i++
			continue
		}
		e, n := lookup(ws, i)
		if e == nil {
			return nil, &NumberError{Err: ErrNotNumber, Word: ws[i], AfterNumber: len(items) > 0}
		}
		i += n
		switch e.cat {
		case cNumber:
			items = append(items, item{kind: e.kind, val: e.val, form: e.form})
		case cApprox:
			fl.approx, fl.hedge = true, true
		case cZero:
			fl.zero = true
		case cBound:
			return nil, ErrBound
		case cRange, cOr:
			// "10 đến 12", "10 hoặc 12": a joiner only after a number.
			if len(items) == 0 {
				return nil, &NumberError{Err: ErrNotNumber, Word: ws[i-n]}
			}
			fl.joiner = map[category]error{cRange: ErrRange, cOr: ErrTwoNumbers}[e.cat]
		case cPercent:
			return nil, ErrPercent
		case cFraction:
			return nil, ErrFraction
		}
	}
	return items, nil
}

// resolveDigits reads each digit run now that its neighbours are known: a
// run before a magnitude word may have decimals ("2,5 nghìn").
func resolveDigits(items []item, integer bool) error {
	for i := range items {
		if items[i].kind != kNum {
			continue
		}
		scaled := i+1 < len(items) && (items[i+1].kind == kMag || items[i+1].kind == kHundred)
		v, confirm, err := separated(items[i].text, integer && !scaled)
		if err != nil {
			return err
		}
		items[i].val, items[i].confirm = v, confirm
	}
	return nil
}

// wordParser reads the items of one number.
type wordParser struct {
	items      []item
	i          int
	colloquial bool // a short spoken form: "hai nghìn năm", "một trăm hai"
	confirm    bool // a digit run whose marks need asking
}

func (p *wordParser) done() bool { return p.i >= len(p.items) }

// at reports whether the next item is one of kinds.
func (p *wordParser) at(kinds ...kind) bool {
	return !p.done() && slices.Contains(kinds, p.items[p.i].kind)
}

func (p *wordParser) next() item {
	it := p.items[p.i]
	p.i++
	if it.confirm {
		p.confirm = true
	}
	return it
}

// number reads groups below a thousand, each times a falling magnitude:
// "hai triệu ba trăm nghìn", "2 nghìn 500", "mười hai".
func (p *wordParser) number() (float64, error) {
	if slices.ContainsFunc(p.items, func(it item) bool { return it.kind >= eSmall }) {
		return p.english()
	}
	total, last := 0.0, math.Inf(1)
	for !p.done() {
		if !math.IsInf(last, 1) && p.at(kLinh) {
			// "hai nghìn linh năm" is 2005.
			p.i++
			start := p.i
			g, err := p.group()
			if err != nil || g >= 100 || p.i == start {
				return 0, ErrNotNumber
			}
			total += g
			break
		}
		start := p.i
		g, err := p.group()
		if err != nil {
			return 0, err
		}
		if p.at(kMag) {
			m := p.next().val
			if m >= last {
				return 0, ErrTwoNumbers
			}
			total, last = total+g*m, m
			if p.at(kRuoi) {
				p.i++
				total += m / 2
				break
			}
			continue
		}
		if !math.IsInf(last, 1) {
			switch {
			case p.i == start+1 && isBareDigit(p.items[start]) && last >= 1e3:
				// "hai nghìn năm", "một triệu hai": the next order's digit.
				total += g * last / 10
				p.colloquial = true
				return p.end(total)
			case g >= last:
				return 0, ErrTwoNumbers
			case p.items[start].kind == kNum && last > 1e3:
				// "1 triệu 200" may be 1.000.200 or 1.200.000.
				p.colloquial = true
			}
		}
		total += g
		break
	}
	return p.end(total)
}

// end refuses what is left over: a second number ("hai ba", "12 15").
func (p *wordParser) end(total float64) (float64, error) {
	if !p.done() {
		return 0, ErrTwoNumbers
	}
	return total, nil
}

// isBareDigit reports whether it is one digit alone, in words or figures.
func isBareDigit(it item) bool {
	return (it.kind == kDigit && it.val >= 1) || (it.kind == kNum && len(it.text) == 1 && it.val >= 1)
}
