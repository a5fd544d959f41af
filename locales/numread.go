package locales

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reading is what ReadNumber understood of an input.
type Reading struct {
	// Value is the number, when there is one.
	Value float64
	// Plain is true when the input was ASCII digits alone ("1234"): the
	// caller confirms anything else back in digits once stored, unless it
	// was typed exactly as the caller writes the number ("1.234" in vi).
	Plain bool
	// Confirm, when set, says Value is only the likely meaning and why
	// (ErrAmbiguous, ErrApprox, ErrColloquial): ask before storing it.
	Confirm error
}

// NumberError is a refused input: Err says why (errors.Is matches it) and
// Word, when set, is the part that was not understood.
type NumberError struct {
	Err  error
	Word string
	// AfterNumber says a number was read before Word ("12 xyz").
	AfterNumber bool
}

func (e *NumberError) Error() string { return e.Err.Error() + ": " + e.Word }

// Unwrap lets errors.Is see the reason.
func (e *NumberError) Unwrap() error { return e.Err }

// maxNumberInput bounds the text we try to read as a number.
const maxNumberInput = 200

// ReadNumber reads a number the way collaborators type or say it: "1.234"
// and "1 234" are 1234, "9,5" is nine and a half, "12 trẻ" is 12, "2 nghìn"
// and "hai nghìn" are 2000, "không" is 0 on a count, "twelve" is 12. When
// integer is true the number must be a whole count. The value is stored
// only when the whole input was understood: a likely reading that needs
// asking comes back with Confirm set, and anything else is an error.
func ReadNumber(input string, integer bool) (Reading, error) {
	if v, ok := plainDigits(input); ok {
		return Reading{Value: v, Plain: true}, nil
	}
	s := strings.TrimSpace(normaliseNumberText(input))
	if s == "" {
		return Reading{}, ErrEmpty
	}
	if len(s) > maxNumberInput {
		return Reading{}, ErrNotNumber
	}
	if isDigitsAndMarks(s) {
		v, confirm, err := separated(s, integer)
		if err != nil {
			return Reading{}, err
		}
		r := Reading{Value: v}
		if confirm {
			r.Confirm = ErrAmbiguous
		}
		return r, nil
	}
	return readWords(s, integer)
}

// ParseNumber is ReadNumber for callers that store a value only when it
// needs no asking: a reading to confirm comes back as its reason.
func ParseNumber(input string, integer bool) (float64, error) {
	r, err := ReadNumber(input, integer)
	if err != nil {
		return 0, err
	}
	if r.Confirm != nil {
		return 0, r.Confirm
	}
	return r.Value, nil
}

// plainDigits is the fast path: ASCII digits alone, maybe with spaces
// around, as most answers are. It allocates nothing.
func plainDigits(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxNumberDigits {
		return 0, false
	}
	v := 0.0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + float64(c-'0')
	}
	return v, true
}

func isDigitsAndMarks(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && c != '.' && c != ',' && c != ' ' {
			return false
		}
	}
	return s[0] >= '0' && s[0] <= '9' && s[len(s)-1] >= '0' && s[len(s)-1] <= '9'
}

// normaliseNumberText maps full-width digits and marks (a Japanese or
// Chinese keyboard) to ASCII, dashes to '-', pasted spaces to ' ', drops
// zero-width characters, and cuts closing punctuation ("12." "12!").
func normaliseNumberText(s string) string {
	if !needsMapping(s) {
		return strings.TrimRight(strings.TrimSpace(s), ".!,;: ")
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．', r == '。':
			return '.'
		case r == '，', r == '、':
			return ','
		case r == '％':
			return '%'
		case r == '／', r == '⁄', r == '∕':
			return '/'
		case r == '−', r == '–', r == '—', r == '‒', r == '－':
			return '-'
		case r == '？':
			return '?'
		case r == '！':
			return '!'
		}
		return normaliseSpace(r)
	}, s)
	return strings.TrimRight(strings.TrimSpace(s), ".!,;:… ")
}

// normaliseSpace maps non-breaking and thin spaces (pasted from office
// documents) to plain spaces and drops zero-width characters.
func normaliseSpace(r rune) rune {
	switch r {
	case '\u00a0', '\u2009', '\u202f', '\t', '\n', '\r':
		return ' '
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u200e', '\u200f':
		return -1
	}
	return r
}

// needsMapping reports whether s has anything normaliseNumberText maps:
// most answers are plain ASCII and need no copy.
func needsMapping(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c == '\t' || c == '\n' || c == '\r' {
			return true
		}
	}
	return false
}

// token is one piece of the input: a run of digits and marks, a word, or
// a symbol.
type token struct {
	num    bool   // a digit run
	word   string // the word lower-cased, or the symbol; the digit run itself
	spaced bool   // a digit run grouped with spaces ("1 234")
}

// tokenize splits s into digit runs, words and symbols. A mark belongs to
// a digit run only between digits, and a space only before a group of
// exactly three digits ("1 234"); a dash between letters ("twenty-one")
// is a space.
func tokenize(s string) []token {
	var out []token
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == ' ':
			i += n
		case r >= '0' && r <= '9':
			end, spaced := digitRun(s, i)
			out = append(out, token{num: true, word: s[i:end], spaced: spaced})
			i = end
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			end := i
			for end < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[end:])
				if !unicode.IsLetter(r2) && !unicode.Is(unicode.Mn, r2) && !(r2 == '-' && letterAt(s, end+1)) {
					break
				}
				end += n2
			}
			for _, w := range strings.Split(strings.ToLower(s[i:end]), "-") {
				out = append(out, token{word: w})
			}
			i = end
		default:
			out = append(out, token{word: string(r)})
			i += n
		}
	}
	return out
}

func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// digitRun returns the end of the digit run starting at i.
func digitRun(s string, i int) (end int, spaced bool) {
	end = i
	for end < len(s) {
		c := s[end]
		switch {
		case c >= '0' && c <= '9':
			end++
		case (c == '.' || c == ',') && end+1 < len(s) && isASCIIDigit(s[end+1]):
			end++
		case c == ' ' && threeDigitsAt(s, end+1):
			end++
			spaced = true
		default:
			return end, spaced
		}
	}
	return end, spaced
}

// threeDigitsAt reports whether exactly three digits start at i (then a
// non-digit or the end).
func threeDigitsAt(s string, i int) bool {
	if i+3 > len(s) {
		return false
	}
	for k := i; k < i+3; k++ {
		if !isASCIIDigit(s[k]) {
			return false
		}
	}
	return i+3 == len(s) || !isASCIIDigit(s[i+3])
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

// readWords reads an input with words or symbols in it.
func readWords(s string, integer bool) (Reading, error) {
	items, flags, err := classify(tokenize(s), integer)
	if err != nil {
		return Reading{}, err
	}
	if len(items) == 0 {
		switch {
		case flags.zero && integer:
			return Reading{Value: 0}, nil
		case flags.hedge:
			return Reading{}, ErrNoFigure
		}
		return Reading{}, ErrNotNumber
	}
	if flags.zero {
		return Reading{}, ErrTwoNumbers
	}
	p := &wordParser{items: items}
	v, err := p.number()
	if err != nil {
		return Reading{}, err
	}
	switch {
	case v > 1e15:
		return Reading{}, ErrTooLong
	case flags.negative && v != 0:
		return Reading{}, ErrNegative
	case integer && v != math.Trunc(v):
		return Reading{}, ErrNotInteger
	case !integer && len(items) == 1 && items[0].kind == kZero:
		// "không" is "none" on a count, but no weight or rate.
		return Reading{}, ErrNotNumber
	}
	r := Reading{Value: v}
	switch {
	case p.confirm:
		r.Confirm = ErrAmbiguous
	case flags.approx:
		r.Confirm = ErrApprox
	case p.colloquial:
		r.Confirm = ErrColloquial
	}
	return r, nil
}
