package channel

import (
	"strings"
	"testing"
)

func TestSplitKeepsEveryCharacterUnderTheLimit(t *testing.T) {
	for _, unit := range []string{"a", "😀", "ạ", "ệ "} {
		text := strings.Repeat(unit, 5000)
		parts := SplitText(text, 2000, UTF16Len)
		if len(parts) < 2 {
			t.Errorf("%q: not split", unit)
		}
		var total string
		for _, p := range parts {
			if n := UTF16Len(p); n > 2000 {
				t.Errorf("%q: a part is %d units", unit, n)
			}
			total += p
		}
		if total != text {
			t.Errorf("%q: parts do not add up to the text", unit)
		}
	}
}

func TestSplitPrefersLineBreaksAndDropsBlankPieces(t *testing.T) {
	line := strings.Repeat("x", 30) + "\n"
	parts := SplitText(strings.Repeat(line, 5)+"\n\n", 70, UTF16Len)
	if len(parts) != 3 {
		t.Fatalf("%d parts, want 3: %q", len(parts), parts)
	}
	for _, p := range parts {
		if strings.HasPrefix(p, "\n") || strings.HasSuffix(p, "\n") || strings.Count(p, "x")%30 != 0 {
			t.Errorf("part %q was not cut at a line break", p)
		}
	}
}

func TestSplitCutsLongLinesAtSpaces(t *testing.T) {
	text := strings.Repeat("Trẻ em ", 40)
	parts := SplitText(text, 50, UTF16Len)
	for i, p := range parts[:len(parts)-1] {
		if !strings.HasSuffix(p, "em ") {
			t.Errorf("part %d %q was cut inside a word", i, p)
		}
	}
	if strings.Join(parts, "") != text {
		t.Error("the split lost or changed text")
	}
}

func TestUTF16LenCountsEmojiTwice(t *testing.T) {
	if n := UTF16Len("Trẻ😀"); n != 5 {
		t.Errorf("UTF16Len = %d, want 5", n)
	}
}
