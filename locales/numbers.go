package locales

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Number-parsing errors; flows maps each to its own polite re-ask.
var (
	ErrEmpty      = errors.New("empty number")
	ErrNotNumber  = errors.New("not a number")
	ErrNegative   = errors.New("negative number")
	ErrNotInteger = errors.New("not a whole number")
	ErrAmbiguous  = errors.New("ambiguous number")
	ErrTooLong    = errors.New("number too long")
)

// maxNumberDigits bounds what we try to read; nothing a commune counts has
// more than 15 significant digits, and float64 is exact up to there.
const maxNumberDigits = 15

// ParseNumber reads a number the way Vietnamese collaborators type it:
// "1.234" and "1 234" are 1234, "9,5" is 9.5, "1,000,000.5" is a million and
// a half, and a trailing unit word ("12 trẻ", "12 em") is ignored. When
// integer is true, the number must be a whole count: "1.5" is ambiguous
// (1.5 or a mistyped 15?) and is reported as such rather than guessed.
func ParseNumber(input string, integer bool) (float64, error) {
	s := strings.TrimSpace(strings.Map(normaliseSpace, input))
	if s == "" {
		return 0, ErrEmpty
	}
	numeric, rest := splitUnit(s)
	if strings.TrimSpace(rest) != "" && !isUnitWord(rest) {
		return 0, ErrNotNumber
	}
	negative := false
	if strings.HasPrefix(numeric, "-") || strings.HasPrefix(numeric, "−") {
		negative = true
		numeric = strings.TrimLeft(numeric, "-−")
	}
	numeric = strings.TrimPrefix(numeric, "+")
	if !spacedGroupsValid(numeric) {
		return 0, ErrNotNumber
	}
	numeric = strings.ReplaceAll(numeric, " ", "")
	if numeric == "" {
		return 0, ErrNotNumber
	}
	v, err := parseSeparated(numeric, integer)
	if err != nil {
		return 0, err
	}
	if negative && v != 0 {
		return 0, ErrNegative
	}
	return math.Abs(v), nil
}

// normaliseSpace maps non-breaking and thin spaces (pasted from office
// documents) to plain spaces and drops zero-width characters.
func normaliseSpace(r rune) rune {
	switch r {
	case '\u00a0', '\u2009', '\u202f', '\t':
		return ' '
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u200e', '\u200f':
		return -1
	}
	return r
}

// splitUnit cuts s into its leading numeric part (ASCII digits, separators,
// spaces between digit groups, a sign) and whatever follows.
func splitUnit(s string) (numeric, rest string) {
	end := 0
	for i, r := range s {
		if (r >= '0' && r <= '9') || r == '.' || r == ',' || r == ' ' ||
			(i == 0 && (r == '-' || r == '+' || r == '−')) {
			end = i + len(string(r))
			continue
		}
		break
	}
	return strings.TrimSpace(s[:end]), s[end:]
}

// isUnitWord accepts a trailing word such as "trẻ", "em", "người", "%":
// letters and spaces only, so "12abc3" or "1e9" are still refused.
func isUnitWord(rest string) bool {
	rest = strings.TrimSpace(rest)
	if rest == "%" {
		return true
	}
	if len([]rune(rest)) > 20 {
		return false
	}
	for i, r := range rest {
		if i == 0 && !unicode.IsLetter(r) {
			return false
		}
		if !unicode.IsLetter(r) && r != ' ' && !unicode.Is(unicode.Mn, r) {
			return false
		}
	}
	// "e9" after a digit would be an exponent: refuse a lone e/E followed by digits (already
	// excluded above because digits are not letters) and a bare "e".
	return !strings.EqualFold(rest, "e")
}

// parseSeparated resolves '.' and ',' into grouping and decimal marks.
func parseSeparated(s string, integer bool) (float64, error) {
	if countDigits(s) > maxNumberDigits {
		return 0, ErrTooLong
	}
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	switch {
	case dots == 0 && commas == 0:
		return parsePlain(s)
	case dots > 0 && commas > 0:
		// Both marks: the last one is the decimal mark ("1.234,5" / "1,234.5").
		decimal := "."
		if strings.LastIndex(s, ",") > strings.LastIndex(s, ".") {
			decimal = ","
		}
		group := map[string]string{".": ",", ",": "."}[decimal]
		if strings.Count(s, decimal) > 1 {
			return 0, ErrNotNumber
		}
		i := strings.LastIndex(s, decimal)
		if !validGroups(s[:i], group) {
			return 0, ErrNotNumber
		}
		v, err := parsePlain(strings.ReplaceAll(s[:i], group, "") + "." + s[i+1:])
		if err == nil && integer && v != math.Trunc(v) {
			err = ErrNotInteger
		}
		return v, err
	}
	mark := "."
	if commas > 0 {
		mark = ","
	}
	if strings.Count(s, mark) > 1 {
		// Several of one mark can only be thousands grouping: "1.234.567".
		if !validGroups(s, mark) {
			return 0, ErrNotNumber
		}
		return parsePlain(strings.ReplaceAll(s, mark, ""))
	}
	i := strings.Index(s, mark)
	head, tail := s[:i], s[i+1:]
	if head == "" || tail == "" {
		return 0, ErrNotNumber
	}
	threeAfter := len(tail) == 3 && len(head) <= 3
	switch {
	case integer && threeAfter:
		// A count cannot be fractional, so "1.234" and "1,234" are both thousands.
		return parsePlain(head + tail)
	case integer && mark == ",":
		// "9,5" is unmistakably nine and a half: not a count.
		return 0, ErrNotInteger
	case integer:
		return 0, ErrAmbiguous
	case threeAfter:
		// "1.234" is 1234 to a Vietnamese reader and 1.234 to an English one.
		return 0, ErrAmbiguous
	}
	return parsePlain(head + "." + tail)
}

func parsePlain(s string) (float64, error) {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
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
	parts := strings.Split(s, mark)
	if len(parts[0]) < 1 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
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
	for _, p := range parts[1:] {
		if len(p) < 3 || countDigits(p[:3]) != 3 || (len(p) > 3 && p[3] != '.' && p[3] != ',') {
			return false
		}
	}
	return true
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
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
