package locales

import (
	"math"
	"strings"
)

// maxSpelled is the largest number SpellNumber writes out.
const maxSpelled = 999_999_999_999

var (
	viDigits = []string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}
	enSmall  = strings.Fields("zero one two three four five six seven eight nine ten eleven twelve " +
		"thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
	enTens = strings.Fields("_ _ twenty thirty forty fifty sixty seventy eighty ninety")
)

// SpellNumber writes a whole number in words, as a confirmation names what
// was understood: vi "hai nghìn không trăm linh năm", en "two thousand and
// five". ok is false for a fraction, a negative or a number too large.
func SpellNumber(lang string, v float64) (string, bool) {
	if v < 0 || v > maxSpelled || v != math.Trunc(v) {
		return "", false
	}
	n := int64(v)
	if lang == EN {
		return spellEnglish(n), true
	}
	return spellVietnamese(n), true
}

var viScales = []string{"", "nghìn", "triệu", "tỷ"}

func spellVietnamese(n int64) string {
	if n == 0 {
		return viDigits[0]
	}
	return spellScaled(n, viScales, func(g int64, _, leading bool) string { return viGroup(g, leading) })
}

// spellScaled splits n into groups of three digits, highest first, and
// joins each spelled group with its scale word; group is told whether the
// group is the last and whether it leads.
func spellScaled(n int64, scales []string, group func(g int64, last, leading bool) string) string {
	var groups []int64
	for ; n > 0; n /= 1000 {
		groups = append(groups, n%1000)
	}
	var parts []string
	for i := len(groups) - 1; i >= 0; i-- {
		if groups[i] == 0 {
			continue
		}
		parts = append(parts, group(groups[i], i == 0, len(parts) == 0))
		if scales[i] != "" {
			parts = append(parts, scales[i])
		}
	}
	return strings.Join(parts, " ")
}

// viGroup spells 1..999; inside a larger number a group below a hundred
// keeps its "không trăm" ("một nghìn không trăm linh năm").
func viGroup(g int64, leading bool) string {
	h, t, u := g/100, g/10%10, g%10
	var w []string
	if h > 0 || !leading {
		w = append(w, viDigits[h], "trăm")
	}
	switch {
	case t == 0 && u == 0:
	case t == 0 && len(w) > 0:
		w = append(w, "linh", viDigits[u])
	case t == 0:
		w = append(w, viDigits[u])
	case t == 1:
		w = append(w, "mười")
		w = append(w, viUnits(u, false)...)
	default:
		w = append(w, viDigits[t], "mươi")
		w = append(w, viUnits(u, true)...)
	}
	return strings.Join(w, " ")
}

// viUnits spells the units after mười or mươi: lăm, and mốt and tư after
// mươi.
func viUnits(u int64, afterTens bool) []string {
	switch {
	case u == 0:
		return nil
	case u == 5:
		return []string{"lăm"}
	case u == 1 && afterTens:
		return []string{"mốt"}
	case u == 4 && afterTens:
		return []string{"tư"}
	}
	return []string{viDigits[u]}
}

var enScales = []string{"", "thousand", "million", "billion"}

func spellEnglish(n int64) string {
	if n == 0 {
		return enSmall[0]
	}
	return spellScaled(n, enScales, func(g int64, last, leading bool) string {
		if last && g < 100 && !leading {
			return "and " + enGroup(g) // "two thousand and five"
		}
		return enGroup(g)
	})
}

func enGroup(g int64) string {
	var w []string
	if h := g / 100; h > 0 {
		w = append(w, enSmall[h], "hundred")
		if g%100 > 0 {
			w = append(w, "and")
		}
	}
	switch r := g % 100; {
	case r == 0:
	case r < 20:
		w = append(w, enSmall[r])
	case r%10 == 0:
		w = append(w, enTens[r/10])
	default:
		w = append(w, enTens[r/10]+"-"+enSmall[r%10])
	}
	return strings.Join(w, " ")
}
