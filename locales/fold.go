package locales

import (
	"strings"
	"unicode"
)

// Collaborators type on phones with and without Vietnamese keyboards, so
// "Không", "khong" and "KHÔNG" must mean the same thing. The table is the
// whole Vietnamese alphabet; combining marks (decomposed input) are dropped.
var foldTable = func() map[rune]rune {
	m := map[rune]rune{'đ': 'd'}
	for base, variants := range map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậ",
		'e': "èéẻẽẹêềếểễệ",
		'i': "ìíỉĩị",
		'o': "òóỏõọôồốổỗộơờớởỡợ",
		'u': "ùúủũụưừứửữự",
		'y': "ỳýỷỹỵ",
	} {
		for _, r := range variants {
			m[r] = base
		}
	}
	return m
}()

// Fold lower-cases s, strips Vietnamese diacritics, and collapses runs of
// spaces to one, so typed words can be compared with labels and word lists.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if base, ok := foldTable[r]; ok {
			r = base
		}
		b.WriteRune(r)
	}
	return b.String()
}
