package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"treembot/internal/cli"
	"treembot/internal/cli/clitest"
)

// An admin lists the sensitive counts, stops hiding one, hides another
// from 1 to 9; a restart keeps both, and a wrong word is refused.
func TestPlanSensitiveChangesSurviveARestart(t *testing.T) {
	env := clitest.Env(t)
	clitest.Run(t, env, "", "seed", "--demo")
	list := clitest.Run(t, env, "", "plan", "sensitive")
	mustContainFields(t, list, "abuse_cases", "4")
	mustContainFields(t, list, "child_marriages", "4")
	mustContain(t, clitest.Run(t, env, "", "plan", "sensitive", "child_labour", "off"), "counts of child_labour are now shown")
	mustContain(t, clitest.Run(t, env, "", "plan", "sensitive", "marriages", "on", "10"), "small counts of marriages are now hidden")

	clitest.Run(t, env, "", "seed") // what a restart does
	list = clitest.Run(t, env, "", "plan", "sensitive")
	mustContainFields(t, list, "marriages", "9")
	if strings.Contains(list, "child_labour") {
		t.Errorf("child_labour is listed as sensitive after the admin turned it off:\n%s", list)
	}
	var errOut bytes.Buffer
	code := cli.Run(context.Background(), []string{"plan", "sensitive", "abuse_cases", "maybe"},
		cli.Stdio{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &errOut}, env)
	if code == 0 || !strings.Contains(errOut.String(), "say on or off") {
		t.Errorf("plan sensitive abuse_cases maybe: exit %d, %q", code, errOut.String())
	}
}
