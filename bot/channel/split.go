package channel

import (
	"strings"
	"unicode/utf8"
)

// UTF16Len counts s in UTF-16 code units, the way chat platforms measure
// text limits: characters outside the Basic Multilingual Plane (most
// emoji) take two units. It is never less than the number of characters.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// SplitText cuts plain text into pieces whose measure fits in limit, at
// line boundaries where it can. measure gives a piece's length as the
// channel counts it (for Telegram, the UTF-16 length of its HTML-escaped
// form, so an escape such as "&amp;" is never cut in half: the plain text
// is split and each piece escaped afterwards). Pieces that are only blank
// lines are dropped: channels refuse empty messages.
func SplitText(text string, limit int, measure func(string) int) []string {
	var parts []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if s := strings.TrimRight(cur.String(), "\n"); strings.TrimSpace(s) != "" {
			parts = append(parts, s)
		}
		cur.Reset()
		curLen = 0
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		n := measure(line)
		if curLen+n > limit {
			flush()
		}
		for n > limit {
			head, tail := cutLine(line, limit, measure)
			cur.WriteString(head)
			flush()
			line, n = tail, measure(tail)
		}
		cur.WriteString(line)
		curLen += n
	}
	flush()
	return parts
}

// cutLine splits a line too long for one message: at the last space that
// fits (if it is not too early in the line), else at the last character
// that fits.
func cutLine(line string, limit int, measure func(string) int) (head, tail string) {
	units, cut, lastSpace := 0, 0, -1
	for i, r := range line {
		w := measure(string(r))
		if units+w > limit {
			break
		}
		units += w
		cut = i + utf8.RuneLen(r)
		if r == ' ' {
			lastSpace = cut
		}
	}
	if lastSpace > cut/2 {
		cut = lastSpace
	}
	if cut == 0 { // never loop forever on an absurdly small limit
		_, cut = utf8.DecodeRuneInString(line)
	}
	return line[:cut], line[cut:]
}
