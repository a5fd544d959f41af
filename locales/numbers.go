package locales

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// Number-reading errors; flows maps each to its own polite answer. The
// first group refuses the input; ErrAmbiguous, ErrApprox and ErrColloquial
// may also be a Reading's Confirm: the value is likely but must be asked.
var (
	ErrEmpty      = errors.New("empty number")
	ErrNotNumber  = errors.New("not a number")
	ErrNegative   = errors.New("negative number")
	ErrNotInteger = errors.New("not a whole number")
	ErrAmbiguous  = errors.New("ambiguous number")
	ErrTooLong    = errors.New("number too long")
	ErrPercent    = errors.New("a percentage, not a count")
	ErrFraction   = errors.New("a fraction")
	ErrRange      = errors.New("a range of numbers")
	ErrTwoNumbers = errors.New("more than one number")
	ErrBound      = errors.New("a bound, not a figure")
	ErrNoFigure   = errors.New("no figure given")
	ErrApprox     = errors.New("an approximate figure")
	ErrColloquial = errors.New("a short spoken form")
)

// maxNumberDigits bounds what we try to read; nothing a commune counts has
// more than 15 significant digits, and float64 is exact up to there.
const maxNumberDigits = 15

// separated reads one run of digits and marks ("1.234", "9,5", "1 234").
// On a count (integer), "1,234" and "12.5" have one count reading each
// (1234, 125) that is not what a Vietnamese reader sees first: that
// reading comes back with confirm set, to be asked rather than stored.
func separated(s string, integer bool) (v float64, confirm bool, err error) {
	if countDigits(s) > maxNumberDigits {
		return 0, false, ErrTooLong
	}
	if strings.IndexByte(s, ' ') >= 0 {
		if !spacedGroupsValid(s) {
			return 0, false, ErrTwoNumbers
		}
		s = strings.ReplaceAll(s, " ", "")
	}
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	switch {
	case dots == 0 && commas == 0:
		v, err = parsePlain(s)
		return v, false, err
	case dots > 0 && commas > 0:
		return bothMarks(s, integer)
	}
	mark := "."
	if commas > 0 {
		mark = ","
	}
	if strings.Count(s, mark) > 1 {
		// Several of one mark can only be thousands grouping: "1.234.567".
		if !validGroups(s, mark) {
			return 0, false, ErrNotNumber
		}
		v, err = parsePlain(strings.ReplaceAll(s, mark, ""))
		return v, false, err
	}
	return oneMark(s, mark, integer)
}

// oneMark reads "head<mark>tail" with a single '.' or ','.
func oneMark(s, mark string, integer bool) (float64, bool, error) {
	head, tail, _ := strings.Cut(s, mark)
	if head == "" || tail == "" {
		return 0, false, ErrNotNumber
	}
	threeAfter := len(tail) == 3 && len(head) <= 3
	zeros := strings.Trim(tail, "0") == ""
	switch {
	case integer && threeAfter && mark == ".":
		// A Vietnamese thousands mark: "1.234".
		v, err := parsePlain(head + tail)
		return v, false, err
	case integer && threeAfter:
		// "1,234" is 1,234 to a Vietnamese reader, which no count can be,
		// and 1234 to an English one: ask.
		v, err := parsePlain(head + tail)
		return v, err == nil, err
	case integer && zeros:
		// "12,0" and "12.00" are twelve whichever mark it is.
		v, err := parsePlain(head)
		return v, false, err
	case integer && mark == ",":
		return 0, false, ErrNotInteger
	case integer && strings.TrimLeft(head, "0") == "":
		// "0.5" cannot be a mistyped thousands mark.
		return 0, false, ErrNotInteger
	case integer:
		// "12.5" is no Vietnamese grouping: a stray dot in 125, or an
		// English decimal that no count can be. Ask about 125.
		v, err := parsePlain(head + tail)
		return v, err == nil, err
	case threeAfter:
		// "1.234" is 1234 to a Vietnamese reader and 1.234 to an English one.
		return 0, false, ErrAmbiguous
	}
	v, err := parsePlain(head + "." + tail)
	return v, false, err
}

// bothMarks reads "1.234,5" / "1,234.5": the last mark is the decimal one.
func bothMarks(s string, integer bool) (float64, bool, error) {
	decimal, group := ".", ","
	if strings.LastIndex(s, ",") > strings.LastIndex(s, ".") {
		decimal, group = ",", "."
	}
	if strings.Count(s, decimal) > 1 {
		return 0, false, ErrNotNumber
	}
	i := strings.LastIndex(s, decimal)
	if !validGroups(s[:i], group) || i == len(s)-1 {
		return 0, false, ErrNotNumber
	}
	v, err := parsePlain(strings.ReplaceAll(s[:i], group, "") + "." + s[i+1:])
	if err == nil && integer && v != math.Trunc(v) {
		err = ErrNotInteger
	}
	return v, false, err
}

func parsePlain(s string) (float64, error) {
	if s == "" {
		return 0, ErrNotNumber
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return 0, ErrNotNumber
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, ErrNotNumber
	}
	return v, nil
}

// validGroups checks "1.234.567"-style grouping: a head of 1-3 digits, then
// groups of exactly three.
func validGroups(s, mark string) bool {
	head, rest, _ := strings.Cut(s, mark)
	if len(head) < 1 || len(head) > 3 {
		return false
	}
	for rest != "" {
		var p string
		p, rest, _ = strings.Cut(rest, mark)
		if len(p) != 3 {
			return false
		}
	}
	return true
}

// spacedGroupsValid allows spaces only as thousands separators ("1 234"),
// so "1 2" is not silently read as 12.
func spacedGroupsValid(s string) bool {
	parts := strings.Split(s, " ")
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) < 3 || countDigits(p[:3]) != 3 || (len(p) > 3 && p[3] != '.' && p[3] != ',') {
			return false
		}
	}
	return true
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// FormatNumber writes v for a reader of lang with at most decimals digits
// after the mark: vi "1.234,5", en "1,234.5".
func FormatNumber(lang string, v float64, decimals int) string {
	group, decimal := ".", ","
	if lang == EN {
		group, decimal = ",", "."
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	var b strings.Builder
	if v < 0 {
		b.WriteString("-")
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(decimal + frac)
	}
	return b.String()
}

// CanonicalNumber is the language-neutral form stored in the database.
func CanonicalNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
