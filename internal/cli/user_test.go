package cli_test

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"treembot/internal/cli"
	"treembot/internal/cli/clitest"
	"treembot/storage"
	"treembot/storage/storagetest"
)

// An officer deactivates someone who left, by unit and name, and moves
// someone who changed commune, by number; the bot stops knowing the first
// and sees the second in the new unit.
func TestUserDeactivateAndMove(t *testing.T) {
	env := clitest.Env(t)
	clitest.Run(t, env, "", "seed", "--demo")
	st := storagetest.Open(t, storage.Options{URL: env("DATABASE_URL"), SQLitePath: env("SQLITE_PATH")})
	leaver := redeem(t, st, inviteCode(t, env, "collaborator", "VQ-XL-02"), "901", "Chị Thu Hà")
	mover := redeem(t, st, inviteCode(t, env, "collaborator", "VQ-XL-02"), "902", "Anh Bình")

	list := clitest.Run(t, env, "", "user", "list", "--unit", "vq-xl-02")
	for _, want := range []string{"Chị Thu Hà", "Anh Bình", "collaborator"} {
		if !strings.Contains(list, want) {
			t.Errorf("user list lacks %q:\n%s", want, list)
		}
	}
	out := clitest.Run(t, env, "", "user", "deactivate", "--unit", "VQ-XL-02", "--name", "chị thu hà")
	if !strings.Contains(out, "deactivated "+strconv.Itoa(int(leaver.ID))) {
		t.Errorf("deactivate said %q", out)
	}
	ctx := context.Background()
	if _, err := st.UserByIdentity(ctx, "telegram", "901"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the bot still knows the person who left: %v", err)
	}
	clitest.Run(t, env, "", "user", "move", "--id", strconv.Itoa(int(mover.ID)), "--unit", "VQ-TD-01")
	got, err := st.UserByIdentity(ctx, "telegram", "902")
	if err != nil {
		t.Fatal(err)
	}
	if unit, _ := st.Unit(ctx, got.UnitID); unit.Code != "VQ-TD-01" {
		t.Errorf("moved person is in %s", unit.Code)
	}
}

// Mistakes get a clear message and a non-zero exit, and change nothing.
func TestUserCommandMistakes(t *testing.T) {
	env := clitest.Env(t)
	clitest.Run(t, env, "", "seed", "--demo")
	st := storagetest.Open(t, storage.Options{URL: env("DATABASE_URL"), SQLitePath: env("SQLITE_PATH")})
	redeem(t, st, inviteCode(t, env, "collaborator", "VQ-XL-03"), "903", "Hoa")
	redeem(t, st, inviteCode(t, env, "collaborator", "VQ-XL-03"), "904", "Hoa")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"user", "deactivate", "--unit", "VQ-XL-03", "--name", "Hoa"}, "user list --unit VQ-XL-03"},
		{[]string{"user", "deactivate", "--unit", "VQ-XL-03"}, "needs --id"},
		{[]string{"user", "move", "--id", "999999", "--unit", "VQ-XL-01"}, "not found"},
		{[]string{"user", "fire"}, "unknown user command"},
	} {
		code, errOut := runUserCLI(env, c.args...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q; want non-zero and %q", c.args, code, errOut, c.want)
		}
	}
	for _, id := range []string{"903", "904"} {
		if _, err := st.UserByIdentity(context.Background(), "telegram", id); err != nil {
			t.Errorf("a refused command changed person %s: %v", id, err)
		}
	}
}

func redeem(t *testing.T, st *storage.Store, code, external, name string) *storage.User {
	t.Helper()
	u, err := st.RedeemInvite(context.Background(), storage.RedeemRequest{Code: code, Channel: "telegram",
		ExternalID: external, Name: name, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// runUserCLI runs the CLI and returns its exit code and error output.
func runUserCLI(env func(string) string, args ...string) (int, string) {
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), args, cli.Stdio{In: strings.NewReader(""), Out: &out, Err: &errOut}, env)
	return code, errOut.String()
}
