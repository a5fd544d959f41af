package cli_test

import (
	"strings"
	"testing"

	"treembot/internal/cli/clitest"
)

// treembot export shows each report's counted version; --versions all
// shows the correction in progress beside it too.
func TestExportVersionsCountedOrAll(t *testing.T) {
	env := clitest.Env(t)
	clitest.Run(t, env, fullScript(t), "chat", "--now", "2025-05-08T08:00:00+07:00")
	// The collaborator opens a correction and types a new first figure, without sending it.
	out := clitest.Run(t, env, "/report\n1\n77\n", "chat", "--now", "2025-05-08T10:00:00+07:00")
	counted := clitest.Run(t, env, "", "export", "--period", "2025-H1")
	all := clitest.Run(t, env, "", "export", "--period", "2025-H1", "--versions", "all")
	if strings.Contains(counted, ",draft,") || !strings.Contains(counted, ",submitted,1,") {
		t.Errorf("the default export should hold the sent version 1 only:\n%s", counted)
	}
	if !strings.Contains(all, ",submitted,1,") || !strings.Contains(all, ",draft,2,") {
		t.Errorf("--versions all should hold version 1 (sent) and version 2 (draft):\n%s\nchat:\n%s", all, out)
	}
	if strings.Count(all, "\n") <= strings.Count(counted, "\n") {
		t.Errorf("--versions all has no more rows than the default")
	}
}
