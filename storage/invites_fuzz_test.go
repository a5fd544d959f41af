package storage

import (
	"strings"
	"testing"
)

// FuzzNormaliseInviteCode: whatever is typed after /start, normalising
// never panics, is stable (normalising twice changes nothing), drops
// separators and lower case; and a real code survives the ways people
// copy it: grouped with dashes, in lower case, with spaces, with O and I
// for 0 and 1.
func FuzzNormaliseInviteCode(f *testing.F) {
	for _, s := range []string{"ABCD-EFGH-JKMN-P", "abcd efgh jkmn p", "0O1IL", "", "\u00a0-._", "ĐĂNG KÝ", "\xff\xfe",
		strings.Repeat("Z", 100), "ıİß"} {
		f.Add(s, []byte("0123456789abc"))
	}
	f.Fuzz(func(t *testing.T, typed string, seed []byte) {
		n := NormaliseInviteCode(typed)
		if again := NormaliseInviteCode(n); again != n {
			t.Fatalf("not stable: %q → %q → %q", typed, n, again)
		}
		if strings.ContainsAny(n, " -\t\u00a0._abcdefghijklmnopqrstuvwxyz") {
			t.Fatalf("%q normalised to %q", typed, n)
		}
		code := codeFrom(seed)
		for _, form := range []string{code, strings.ToLower(code), FormatInviteCode(code),
			" " + strings.ReplaceAll(FormatInviteCode(code), "-", " ") + " ",
			strings.NewReplacer("0", "O", "1", "I").Replace(code)} {
			if got := NormaliseInviteCode(form); got != code {
				t.Fatalf("code %q typed as %q normalised to %q", code, form, got)
			}
		}
	})
}

// codeFrom builds a code of the real shape from fuzz bytes.
func codeFrom(seed []byte) string {
	var b strings.Builder
	for i := range inviteCodeLen {
		x := byte(i * 7)
		if i < len(seed) {
			x = seed[i]
		}
		b.WriteByte(crockford[x&31])
	}
	return b.String()
}

// Generated codes carry at least 64 bits and are all different.
func TestInviteCodesHave64BitsAndDoNotRepeat(t *testing.T) {
	if bits := inviteCodeLen * 5; bits < 64 {
		t.Fatalf("%d characters of 5 bits = %d bits, want at least 64", inviteCodeLen, bits)
	}
	seen := map[string]bool{}
	for range 2000 {
		c, err := NewInviteCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != inviteCodeLen || NormaliseInviteCode(c) != c || seen[c] {
			t.Fatalf("code %q: wrong length, not normal, or repeated", c)
		}
		seen[c] = true
	}
}
