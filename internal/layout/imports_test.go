package layout

import (
	"slices"
	"strings"
	"testing"
)

// wiring marks a package that may import any non-test package of the
// module: it only puts the parts together.
const wiring = "*"

// allowed lists, once, the module's packages (by path below the module;
// "" is the root) and the packages of the module each may import, as
// DESIGN.md's table says: data flows from the channel adapters through the
// router to flows and storage; adapters and reminders see the channel
// types (bot/chatmsg), never the router; storage and locales import
// nothing of ours. Only non-test files count: a test may build the real
// router around an adapter. A new package must be added here.
var allowed = map[string][]string{
	"":                 {wiring},
	"internal/cli":     {wiring},
	"internal/app":     {wiring},
	"internal/bench":   {wiring},
	"internal/config":  {"locales"},
	"internal/measure": {},

	"bot":                    {"bot/chatmsg", "document", "flows", "reports", "storage", "storage/sessions", "locales"},
	"bot/chatmsg":            {},
	"bot/channel":            {"bot/chatmsg"},
	"bot/telegram":           {"bot/chatmsg", "bot/channel", "locales"},
	"bot/zalo":               {"bot/chatmsg", "bot/channel", "locales", "bot/zalo/internal/core", "bot/zalo/botapi", "bot/zalo/oa"},
	"bot/zalo/botapi":        {"bot/chatmsg", "bot/channel", "locales", "bot/zalo/internal/core"},
	"bot/zalo/oa":            {"bot/chatmsg", "bot/channel", "locales", "bot/zalo/internal/core"},
	"bot/zalo/internal/core": {"bot/chatmsg", "bot/channel", "locales"},
	"bot/terminal":           {"bot/chatmsg", "bot/channel", "locales"},

	"flows":            {"locales"},
	"reports":          {"storage", "locales"},
	"document":         {"reports", "storage", "locales"},
	"reminders":        {"storage", "bot/chatmsg", "locales"},
	"storage":          {},
	"storage/sessions": {},
	"storage/bulk":     {},
	"storage/synth":    {"storage", "storage/bulk"},
	"locales":          {},

	// Fakes and test support.
	"bot/channel/fakerecord":        {},
	"bot/telegram/fakeapi":          {"bot/channel/fakerecord"},
	"bot/telegram/telegramtest":     {"bot/telegram/fakeapi"},
	"bot/zalo/zalotest":             {"bot/channel/fakerecord"},
	"bot/zalo/internal/decodetest":  {"bot/chatmsg", "internal/testkit"},
	"document/documenttest":         {},
	"storage/storagetest":           {"storage"},
	"storage/sessions/sessionstest": {"storage/sessions"},
	"internal/cli/clitest":          {"internal/cli", "storage/storagetest", "storage/sessions/sessionstest"},
	"internal/layout":               {},
	"internal/faults":               {},
	"internal/testkit":              {},
}

// local is pkg's path below the module ("" for the module itself), and
// whether pkg is in the module.
func local(pkg string) (string, bool) {
	if pkg == module {
		return "", true
	}
	rest, ok := strings.CutPrefix(pkg, module+"/")
	return rest, ok
}

// Every import between the module's packages follows an edge of allowed.
func TestImportsFollowTheDesign(t *testing.T) {
	lines := goList(t, "-f", "{{.ImportPath}}:{{join .Imports \",\"}}", module+"/...")
	if len(lines) < 10 {
		t.Fatalf("go list listed only %v", lines)
	}
	for _, line := range lines {
		pkg, imports, _ := strings.Cut(line, ":")
		from, _ := local(pkg)
		may, known := allowed[from]
		if !known {
			t.Errorf("package %s is not in allowed: add it with the imports DESIGN.md gives it", pkg)
			continue
		}
		for _, imp := range strings.Split(imports, ",") {
			to, ours := local(imp)
			if !ours || slices.Contains(may, to) || (slices.Contains(may, wiring) && !testOnly(imp)) {
				continue
			}
			t.Errorf("%s imports %s, against the direction in DESIGN.md (it may import %v)", pkg, imp, may)
		}
	}
}
