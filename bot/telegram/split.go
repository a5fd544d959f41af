package telegram

import (
	"html"
	"strings"
	"unicode/utf8"
)

// maxTextUnits is Telegram's limit on one message's text. Telegram counts
// UTF-16 code units; we count them on the escaped HTML, which is never
// shorter than what Telegram counts after parsing it, so we stay under.
const maxTextUnits = 4096

// preOverhead is the length of the "<pre></pre>" wrapped around Pre text.
const preOverhead = len("<pre></pre>")

// utf16Len counts s the way Telegram does: characters outside the Basic
// Multilingual Plane (most emoji) take two units.
func utf16Len(s string) int {
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

func escapedLen(s string) int { return utf16Len(html.EscapeString(s)) }

// splitText cuts plain text into pieces whose escaped form fits in limit
// units, at line boundaries where it can. Splitting the plain text (and
// escaping each piece afterwards) means an entity such as "&amp;" is never
// cut in half. Pieces that are only blank lines are dropped: Telegram
// refuses empty messages.
func splitText(text string, limit int) []string {
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
		n := escapedLen(line)
		if curLen+n > limit {
			flush()
		}
		for n > limit {
			head, tail := cutLine(line, limit)
			cur.WriteString(head)
			flush()
			line, n = tail, escapedLen(tail)
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
func cutLine(line string, limit int) (head, tail string) {
	units, cut, lastSpace := 0, 0, -1
	for i, r := range line {
		w := escapedLen(string(r))
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
