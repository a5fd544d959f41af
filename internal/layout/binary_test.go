package layout

import (
	"os/exec"
	"strings"
	"testing"
)

// goList runs `go list` with args in the module and returns its lines.
func goList(t *testing.T, args ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list"}, args...)...).Output()
	if err != nil {
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok {
			msg += ": " + string(ee.Stderr)
		}
		t.Fatalf("go list %v: %s", args, msg)
	}
	return strings.Fields(string(out)) // one package or line per field: none holds a space
}

// testOnly says whether a package exists for tests: the standard
// library's testing packages, or one of this module's *test packages
// and its shared test kit.
func testOnly(pkg string) bool {
	switch {
	case pkg == "testing", strings.HasPrefix(pkg, "testing/"), pkg == "net/http/httptest":
		return true
	case pkg == module || strings.HasPrefix(pkg, module+"/"):
		return strings.HasSuffix(pkg, "test") || strings.HasSuffix(pkg, "/testkit")
	}
	return false
}

const module = "treembot"

// The binary people run must not carry fakes, test helpers or the
// testing package (and the flags it registers).
func TestBinaryLinksNoTestCode(t *testing.T) {
	deps := goList(t, "-deps", module)
	if len(deps) < 10 {
		t.Fatalf("go list -deps %s listed only %v", module, deps)
	}
	for _, pkg := range deps {
		if testOnly(pkg) {
			t.Errorf("the treembot binary links %s; test-only code belongs in _test files or a *test package", pkg)
		}
	}
}
