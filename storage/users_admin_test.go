package storage_test

import (
	"context"
	"errors"
	"testing"

	"treembot/storage"
	"treembot/storage/storagetest"
)

// joinedCollaborator redeems an invite for unit and returns the new user.
func joinedCollaborator(t *testing.T, s *storage.Store, unit, external, name string) *storage.User {
	t.Helper()
	ctx := context.Background()
	inv, err := s.CreateInvites(ctx, storage.InviteRequest{Role: storage.RoleCollaborator, UnitCode: unit, Now: storagetest.Now()})
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.RedeemInvite(ctx, storage.RedeemRequest{Code: inv[0].Code, Channel: "telegram", ExternalID: external,
		Name: name, Now: storagetest.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// A person who left is deactivated: the bot no longer knows them, what
// they entered stays attributed to them, and their phone can join again
// with a new invite.
func TestDeactivateKeepsHistoryAndFreesTheAccount(t *testing.T) {
	s, _ := storagetest.NewSeeded(t, nil)
	ctx := context.Background()
	now := storagetest.Now()
	u := joinedCollaborator(t, s, "VQ-XL-01", "555", "Chị Lan")
	p := mustPeriod(t, s, "2025-H1")
	sub, err := s.OpenDraft(ctx, storage.DraftRequest{UnitID: u.UnitID, PeriodID: p.ID, FormID: "commune_report",
		UserID: u.ID, Channel: "telegram", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	err = s.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: sub.ID, UserID: u.ID, Channel: "telegram", Now: now,
		Changes: []storage.ValueChange{{Code: "children_u1", Value: "12"}}})
	if err != nil {
		t.Fatal(err)
	}
	row, err := s.UserByName(ctx, "VQ-XL-01", "  chị lan ")
	if err != nil || row.ID != u.ID || row.Identities != 1 {
		t.Fatalf("find by name: %+v, %v", row, err)
	}
	for i := 0; i < 2; i++ { // twice: the second changes nothing
		if _, err := s.DeactivateUser(ctx, u.ID, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.UserByIdentity(ctx, "telegram", "555"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the bot still knows a deactivated person: %v", err)
	}
	trail, err := s.AuditTrail(ctx, storage.EntitySubmission, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := trail[len(trail)-1]; last.Field != "children_u1" || last.UserID != u.ID {
		t.Errorf("value no longer attributed: %+v", last)
	}
	userTrail, _ := s.AuditTrail(ctx, storage.EntityUser, u.ID)
	if n := countActions(userTrail, storage.AuditUserDeactivated); n != 1 {
		t.Errorf("%d deactivation entries, want 1", n)
	}
	again := joinedCollaborator(t, s, "VQ-XL-02", "555", "Chị Lan")
	if again.ID == u.ID {
		t.Error("rejoining reused the deactivated person")
	}
	rows, _ := s.UsersOfUnit(ctx, "VQ-XL-01", "")
	for _, r := range rows {
		if r.ID == u.ID && (r.Active || r.Identities != 0) {
			t.Errorf("deactivated person listed as %+v", r)
		}
	}
}

// A person who changes commune reports for the new one; their history
// stays with the old unit, attributed to them.
func TestMoveUserChangesHomeUnitOnly(t *testing.T) {
	s, _ := storagetest.NewSeeded(t, nil)
	ctx := context.Background()
	u := joinedCollaborator(t, s, "VQ-XL-01", "777", "Anh Minh")
	moved, err := s.MoveUser(ctx, u.ID, "VQ-TD-01", storagetest.Now())
	if err != nil {
		t.Fatal(err)
	}
	if want := mustUnit(t, s, "VQ-TD-01").ID; moved.UnitID != want {
		t.Errorf("moved to unit %d, want %d", moved.UnitID, want)
	}
	got, err := s.UserByIdentity(ctx, "telegram", "777")
	if err != nil || got.UnitID != moved.UnitID {
		t.Errorf("the bot sees %+v, %v", got, err)
	}
	if _, err := s.MoveUser(ctx, u.ID, "NOPE", storagetest.Now()); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("move to an unknown unit: %v", err)
	}
	var misplaced *storage.RoleLevelError
	for _, unit := range []string{"VQ", "VQ-XL"} {
		if _, err := s.MoveUser(ctx, u.ID, unit, storagetest.Now()); !errors.As(err, &misplaced) {
			t.Errorf("a collaborator moved to %s: %v, want a RoleLevelError", unit, err)
		}
	}
	if got, _ := s.User(ctx, u.ID); got.UnitID != moved.UnitID {
		t.Errorf("a refused move changed the unit to %d", got.UnitID)
	}
	if _, err := s.DeactivateUser(ctx, u.ID, storagetest.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveUser(ctx, u.ID, "VQ-XL-01", storagetest.Now()); err == nil {
		t.Error("moved a deactivated person")
	}
}

// Two people of one name in one unit must be told apart by ID.
func TestUserByNameRefusesAmbiguity(t *testing.T) {
	s, _ := storagetest.NewSeeded(t, nil)
	joinedCollaborator(t, s, "VQ-XL-03", "1", "Hoa")
	joinedCollaborator(t, s, "VQ-XL-03", "2", "Hoa")
	if _, err := s.UserByName(context.Background(), "VQ-XL-03", "Hoa"); !errors.Is(err, storage.ErrAmbiguous) {
		t.Errorf("ambiguous name: %v", err)
	}
	if _, err := s.UserByName(context.Background(), "VQ-XL-03", "Mai"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown name: %v", err)
	}
}

func TestSubmissionCountsByStatus(t *testing.T) {
	s, _ := storagetest.NewSeeded(t, nil)
	ctx := context.Background()
	u := joinedCollaborator(t, s, "VQ-XL-01", "9", "Tư")
	p := mustPeriod(t, s, "2025-H1")
	before, err := s.SubmissionCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenDraft(ctx, storage.DraftRequest{UnitID: u.UnitID, PeriodID: p.ID, FormID: "commune_report",
		UserID: u.ID, Channel: "telegram", Now: storagetest.Now()}); err != nil {
		t.Fatal(err)
	}
	counts, err := s.SubmissionCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts[storage.StatusDraft] != before[storage.StatusDraft]+1 {
		t.Errorf("drafts %v then %v: the new draft is not counted", before, counts)
	}
}

func countActions(trail []storage.AuditEntry, action string) int {
	n := 0
	for _, e := range trail {
		if e.Action == action {
			n++
		}
	}
	return n
}
