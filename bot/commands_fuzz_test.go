package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseCommand: whatever is typed, parseCommand never panics, finds a
// command only in text that starts with a slash, and returns a short
// lower-case name without spaces or @bot suffix, and trimmed arguments.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{
		"/report", "/report@treem_bot 2025-H1", "/start ABCD-EFGH-JKMN-P", "  /lang en  ", "/", "//", "/@bot",
		"report", "/BAOCAO", "/ĐĂNGKÝ x", "/start \u200b", "/" + strings.Repeat("a", 40), "/RePoRt   x  ",
		"/start " + strings.Repeat("\xff\xfe", 40), "\u202e/report", "/report\n12", "/ report",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		name, args, ok := parseCommand(text)
		if !ok {
			if name != "" || args != "" {
				t.Fatalf("not a command but name %q args %q", name, args)
			}
			return
		}
		if !strings.HasPrefix(strings.TrimSpace(text), "/") {
			t.Fatalf("%q taken for a command", text)
		}
		if name == "" || strings.ContainsAny(name, " @") || utf8.RuneCountInString(name) > maxCommandLen {
			t.Fatalf("bad command name %q from %q", name, text)
		}
		if name != strings.ToLower(name) {
			t.Fatalf("name %q is not lower case", name)
		}
		if args != strings.TrimSpace(args) {
			t.Fatalf("arguments %q not trimmed", args)
		}
		r := &Router{commands: commandTable()}
		_ = r.findCommand(name) // looking it up must not panic either
	})
}
