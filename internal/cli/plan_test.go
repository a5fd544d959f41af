package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"treembot/internal/cli"
	"treembot/internal/cli/clitest"
)

// An admin moves a part to another source, adds an office, gives it an
// indicator and renames another; a restart (seed again) keeps all of it,
// and a source that does not ask the part's counts is refused.
func TestPlanChangesSurviveARestart(t *testing.T) {
	env := clitest.Env(t)
	clitest.Run(t, env, "", "seed", "--demo")
	parts := clitest.Run(t, env, "", "plan", "parts")
	mustContainFields(t, parts, "1", "commune_report", "LDTBXH", "child_friendly", "/", "units")
	mustContainFields(t, parts, "3a", "office_yte", "YTE")

	mustContain(t, clitest.Run(t, env, "", "plan", "source", "3a", "commune_report"), "part 3a is now computed from commune_report")
	var errOut bytes.Buffer
	code := cli.Run(context.Background(), []string{"plan", "source", "4a", "commune_report"},
		cli.Stdio{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &errOut}, env)
	if code == 0 || !strings.Contains(errOut.String(), "form commune_report does not ask u5_underweight") {
		t.Errorf("a source without the part's counts: exit %d, %q", code, errOut.String())
	}
	clitest.Run(t, env, "", "plan", "office-add", "congan", "Công an huyện", "District police")
	mustContain(t, clitest.Run(t, env, "", "plan", "owner", "9", "CONGAN"), "indicator 9 now belongs to CONGAN")
	clitest.Run(t, env, "", "plan", "office-rename", "GDDT", "Phòng Văn hóa, Giáo dục")

	clitest.Run(t, env, "", "seed") // what a restart does
	parts = clitest.Run(t, env, "", "plan", "parts")
	mustContainFields(t, parts, "3a", "commune_report", "YTE")
	mustContainFields(t, parts, "9", "commune_report", "CONGAN")
	mustContainFields(t, parts, "4a", "office_yte", "YTE")
	offices := clitest.Run(t, env, "", "plan", "offices")
	mustContain(t, offices, "Công an huyện")
	mustContain(t, offices, "Phòng Văn hóa, Giáo dục")
}

// mustContainFields fails unless some line of out starts with the given
// whitespace-separated fields.
func mustContainFields(t *testing.T, out string, fields ...string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) >= len(fields) && strings.Join(f[:len(fields)], " ") == strings.Join(fields, " ") {
			return
		}
	}
	t.Errorf("no line starting with %v in:\n%s", fields, out)
}
