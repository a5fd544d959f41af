package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"treembot/storage"
)

// A caller of the matrix: a demo person and, around their home unit, one
// unit of each scope: their own, a child, a sibling (same parent, or
// another district) and one in another commune or district.
type scopeCaller struct {
	role, user                 string
	own, child, sibling, other string
}

// permissionCallers covers every role. The district people's "other"
// units are in a second district imported by setUpScopes.
var permissionCallers = []scopeCaller{
	{storage.RoleCollaborator, demoCollaborator, "VQ-XL-01", "", "VQ-XL-02", "VQ-TD-01"},
	{storage.RoleCommuneOfficer, demoOfficer, "VQ-XL", "VQ-XL-01", "VQ-TD", "VQ-TD-01"},
	{storage.RoleOfficial, demoOfficial, "VQ", "VQ-XL", "CL", "CL-01"},
	{storage.RoleAdmin, demoAdmin, "VQ", "VQ-XL", "CL", "CL-01"},
}

// setUpScopes adds a second district and a submitted report in every unit
// a caller may try to reach outside their scope.
func setUpScopes(h *harness) {
	h.t.Helper()
	csv := "code,name,level,parent_code\nCL,Huyện Chi Lăng,district,\nCL-01,Xã Quang Lang,commune,CL\n"
	if _, err := h.real.ImportUnits(context.Background(), strings.NewReader(csv)); err != nil {
		h.t.Fatal(err)
	}
	for _, unit := range []string{"VQ-XL-01", "VQ-XL-02", "VQ-TD", "VQ-TD-01", "CL-01"} {
		h.submitted(unit, map[string]string{"live_births": "10", "deaths_u28d": "0"})
	}
}

// Every command of the table × every role: a role the command is not for
// gets the polite refusal and nothing else, and the refusal is logged
// without what was typed; a role it is for is never refused. Aliases
// behave as their command. People who have not joined get only the join
// instructions, whatever they type.
func TestEveryCommandForEveryRole(t *testing.T) {
	h := newReportHarness(t)
	var logs bytes.Buffer
	h.router.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	const marker = "zz-typed-9731"
	for _, cmd := range h.router.commands {
		for _, name := range append([]string{cmd.name, cmd.vi}, cmd.aliases...) {
			if name == "" {
				continue
			}
			text := "/" + name + " " + marker
			for _, c := range permissionCallers {
				got := h.send(c.user, text)
				hostileReply(t, h, got)
				refusal := h.vi("bot_not_allowed", map[string]any{"Command": "/" + cmd.name})
				allowed := len(cmd.roles) == 0 || slices.Contains(cmd.roles, c.role)
				if refused := got == refusal; refused == allowed {
					t.Errorf("%s as %s: allowed=%v, got %q", text, c.role, allowed, got)
				}
			}
			// Strangers get the join instructions, or, for the ways in
			// (/start CODE, /link CODE), "that code is not valid".
			got := h.send("perm-stranger-"+name, text)
			if !slices.Contains([]string{h.vi("bot_join_instructions"), h.vi("bot_join_unknown"), h.vi("zalo_link_unknown")}, got) {
				t.Errorf("%s from a stranger: %q", text, got)
			}
		}
		if len(cmd.roles) > 0 && len(cmd.roles) < len(permissionCallers) &&
			!strings.Contains(logs.String(), `"command":"`+cmd.name+`"`) {
			t.Errorf("refusals of /%s are not logged", cmd.name)
		}
	}
	if strings.Contains(logs.String(), marker) {
		t.Error("what a person typed is in the logs")
	}
}

// Every command × every role × own unit, child, sibling and another
// commune or district, in the argument shapes commands take ("UNIT",
// "UNIT PERIOD REASON", "ROLE UNIT"): outside their scope nobody gets a
// file, a figure or even the name of the unit beyond the refusal, and
// nothing changes there (no invite made, no report returned); inside it
// nobody is refused for scope.
func TestEveryCommandStaysInScope(t *testing.T) {
	h := newReportHarness(t)
	setUpScopes(h)
	var logs bytes.Buffer
	h.router.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	for _, c := range permissionCallers {
		home := h.unit(c.own)
		for _, cmd := range h.router.commands {
			if len(cmd.roles) > 0 && !slices.Contains(cmd.roles, c.role) {
				continue // refused by role: TestEveryCommandForEveryRole
			}
			for _, target := range []string{c.own, c.child, c.sibling, c.other} {
				if target == "" {
					continue
				}
				unit := h.unit(target)
				inScope := strings.HasPrefix(unit.Path, home.Path)
				for _, args := range []string{target, target + " 2025-H1 Thiếu số liệu", "collaborator " + target} {
					h.checkScope(t, c, cmd.name, args, unit, home, inScope)
				}
			}
		}
	}
	for _, name := range []string{"Xã Tân Đoàn", "Xã Quang Lang", "Thôn Bản Khuông"} {
		if strings.Contains(logs.String(), name) {
			t.Errorf("the logs name a unit a person asked about: %s", name)
		}
	}
}

// checkScope sends "/name args" as caller c about unit and checks what
// came back and what changed.
func (h *harness) checkScope(t *testing.T, c scopeCaller, name, args string, unit, home *storage.OrgUnit, inScope bool) {
	t.Helper()
	before := h.unitState(unit)
	msgs := h.deliver(h.update(c.user, "/"+name+" "+args, KindMessage))
	got := joinTexts(msgs)
	hostileReply(t, h, got)
	outside := h.vi("reports_unit_outside", map[string]any{"Unit": unit.Name, "Scope": home.Name})
	what := fmt.Sprintf("%s: /%s %s", c.role, name, args)
	if inScope {
		if strings.Contains(got, outside) {
			t.Errorf("%s: refused inside the caller's scope", what)
		}
		return
	}
	for _, m := range msgs {
		if m.Document != nil || m.Photo != nil {
			t.Errorf("%s: a file about a unit outside the scope", what)
		}
	}
	if strings.Contains(strings.ReplaceAll(got, outside, ""), unit.Name) {
		t.Errorf("%s: reply names the unit outside the scope:\n%s", what, got)
	}
	if after := h.unitState(unit); after != before {
		t.Errorf("%s: changed a unit outside the scope: %s → %s", what, before, after)
	}
}

func (h *harness) unit(code string) *storage.OrgUnit {
	h.t.Helper()
	u, err := h.real.UnitByCode(context.Background(), code)
	if err != nil {
		h.t.Fatalf("unit %s: %v", code, err)
	}
	return u
}

// unitState sums up what a command could change about a unit: its
// invites and its 2025-H1 submission.
func (h *harness) unitState(u *storage.OrgUnit) string {
	h.t.Helper()
	ctx := context.Background()
	invites, err := h.real.Invites(ctx, false)
	if err != nil {
		h.t.Fatal(err)
	}
	n := 0
	for _, inv := range invites {
		if inv.UnitID == u.ID {
			n++
		}
	}
	p, err := h.real.PeriodByCode(ctx, "2025-H1")
	if err != nil {
		h.t.Fatal(err)
	}
	status := "none"
	sub, err := h.real.FindSubmission(ctx, u.ID, p.ID, h.formOf(u))
	switch {
	case err == nil:
		status = fmt.Sprintf("%s v%d", sub.Status, sub.Version)
	case !errors.Is(err, storage.ErrNotFound):
		h.t.Fatal(err)
	}
	return fmt.Sprintf("%d invites, report %s", n, status)
}

// A person moved to another unit (treembot user move) continues with the
// new unit's draft: an answer typed after the move never lands in the old
// unit's report.
func TestMovedPersonNoLongerWritesToTheOldUnit(t *testing.T) {
	h := newHarness(t)
	user := h.demoUser(storage.RoleCollaborator)
	h.send(user, "/report")
	h.send(user, "12")
	u, err := h.real.UserByIdentity(context.Background(), "terminal", user)
	if err != nil {
		t.Fatal(err)
	}
	oldVals, oldSub := h.values(user)
	if _, err := h.real.MoveUser(context.Background(), u.ID, "VQ-TD-02", h.now); err != nil {
		t.Fatal(err)
	}
	got := h.send(user, "60")
	hostileReply(t, h, got)
	after, err := h.real.Values(context.Background(), oldSub.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(oldVals) {
		t.Fatalf("the old unit's draft changed after the move: %v → %v", oldVals, after)
	}
	mustContain(t, h.send(user, "/report"), "Câu 1 —")
	if vals, _ := h.values(user); len(vals) != 0 {
		t.Errorf("the new unit starts with someone else's answers: %v", vals)
	}
}

// An invite code that was used, or has expired, says only that: the same
// words whatever unit and role it was for, never the unit's name.
func TestSpentInviteCodesRevealNothing(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	var replies []string
	for i, unit := range []string{"VQ-XL-01", "VQ-TD"} {
		role := []string{storage.RoleCollaborator, storage.RoleCommuneOfficer}[i]
		inv, err := h.real.CreateInvites(ctx, storage.InviteRequest{Role: role, UnitCode: unit, TTL: time.Hour, Now: h.now})
		if err != nil {
			t.Fatal(err)
		}
		h.send(fmt.Sprintf("first-%d", i), "/start "+inv[0].Code)
		got := h.send(fmt.Sprintf("second-%d", i), "/start "+inv[0].Code)
		if name := h.unit(unit).Name; strings.Contains(got, name) {
			t.Errorf("a used code names its unit: %q", got)
		}
		replies = append(replies, got)
	}
	if replies[0] != replies[1] || replies[0] != h.vi("bot_join_used") {
		t.Errorf("used codes of two units answer differently: %q", replies)
	}
	old, err := h.real.CreateInvites(ctx, storage.InviteRequest{Role: storage.RoleCollaborator, UnitCode: "VQ-TD-01",
		TTL: time.Hour, Now: h.now.Add(-2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if got := h.send("late-comer", "/start "+old[0].Code); got != h.vi("bot_join_expired") {
		t.Errorf("an expired code: %q", got)
	}
}
