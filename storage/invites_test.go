package storage_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/storagetest"
)

func makeInvite(t *testing.T, s *storage.Store, req storage.InviteRequest) storage.Invite {
	t.Helper()
	if req.Now.IsZero() {
		req.Now = storagetest.Now()
	}
	invs, err := s.CreateInvites(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return invs[0]
}

func redeem(s *storage.Store, code, ext string, now time.Time) (*storage.User, error) {
	return s.RedeemInvite(context.Background(), storage.RedeemRequest{Code: code, Channel: "telegram",
		ExternalID: ext, ChatID: "chat-" + ext, Name: "Hoàng Văn " + ext, Language: "vi", Now: now})
}

func TestCreateInvitesGivesDistinctReadableCodes(t *testing.T) {
	t.Parallel()
	s, _ := storagetest.NewSeeded(t, nil)
	invs, err := s.CreateInvites(context.Background(), storage.InviteRequest{Role: storage.RoleCollaborator,
		UnitCode: "VQ-XL-01", Count: 50, TTL: 72 * time.Hour, Now: storagetest.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if len(invs) != 50 {
		t.Fatalf("got %d invites, want 50", len(invs))
	}
	seen := map[string]bool{}
	shape := regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{13}$`) // Crockford: no I, L, O, U
	for _, inv := range invs {
		if !shape.MatchString(inv.Code) {
			t.Errorf("code %q is not 13 Crockford base32 characters", inv.Code)
		}
		if seen[inv.Code] {
			t.Errorf("code %q handed out twice", inv.Code)
		}
		seen[inv.Code] = true
		if want := storagetest.Now().Add(72 * time.Hour); !inv.ExpiresAt.Equal(want) {
			t.Errorf("expires %s, want %s", inv.ExpiresAt, want)
		}
	}
}

func TestCreateInvitesRejectsBadRequests(t *testing.T) {
	t.Parallel()
	s, _ := storagetest.NewSeeded(t, nil)
	tests := []struct {
		name string
		req  storage.InviteRequest
		want string
	}{
		{"unknown role", storage.InviteRequest{Role: "boss", UnitCode: "VQ"}, `role "boss"`},
		{"unknown unit", storage.InviteRequest{Role: storage.RoleAdmin, UnitCode: "NOPE"}, `unit "NOPE"`},
		{"official without office", storage.InviteRequest{Role: storage.RoleOfficial, UnitCode: "VQ"}, "needs an office"},
		{"unknown office", storage.InviteRequest{Role: storage.RoleOfficial, UnitCode: "VQ", OfficeCode: "XX"}, `office "XX"`},
		{"too many", storage.InviteRequest{Role: storage.RoleAdmin, UnitCode: "VQ", Count: 5000}, "count 5000"},
		{"officer on a village", storage.InviteRequest{Role: storage.RoleCommuneOfficer, UnitCode: "VQ-XL-01"}, "not on a village"},
		{"collaborator on the district", storage.InviteRequest{Role: storage.RoleCollaborator, UnitCode: "VQ"}, "not on a district"},
		{"collaborator on a commune", storage.InviteRequest{Role: storage.RoleCollaborator, UnitCode: "VQ-XL"}, "not on a commune"},
		{"admin on a village", storage.InviteRequest{Role: storage.RoleAdmin, UnitCode: "VQ-XL-01"}, "not on a village"},
		{"official on a commune", storage.InviteRequest{Role: storage.RoleOfficial, UnitCode: "VQ-XL", OfficeCode: "YTE"}, "not on a commune"},
	}
	for _, tt := range tests {
		tt.req.Now = storagetest.Now()
		_, err := s.CreateInvites(context.Background(), tt.req)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one mentioning %s", tt.name, err, tt.want)
		}
	}
}

func TestRedeemInvite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	now := storagetest.Now()
	inv := makeInvite(t, s, storage.InviteRequest{Role: storage.RoleOfficial, UnitCode: "VQ", OfficeCode: "GDDT", TTL: time.Hour})
	used := makeInvite(t, s, storage.InviteRequest{Role: storage.RoleCollaborator, UnitCode: "VQ-XL-01"})
	if _, err := redeem(s, used.Code, "first", now); err != nil {
		t.Fatal(err)
	}
	// Typed by hand: lower case, grouped with dashes and spaces.
	typed := strings.ToLower(storage.FormatInviteCode(inv.Code))
	typed = strings.Replace(typed, "-", " - ", 1)
	tests := []struct {
		name, code, ext string
		at              time.Time
		want            error
	}{
		{"unknown", "ZZZZ-ZZZZ-ZZZZ-Z", "x1", now, storage.ErrInviteUnknown},
		{"used", used.Code, "x2", now, storage.ErrInviteUsed},
		{"expired", inv.Code, "x3", now.Add(time.Hour), storage.ErrInviteExpired},
		{"already joined", inv.Code, "first", now, storage.ErrAlreadyJoined},
		{"typed by hand", typed, "x4", now.Add(59 * time.Minute), nil},
		{"then used", inv.Code, "x5", now, storage.ErrInviteUsed},
	}
	for _, tt := range tests {
		u, err := redeem(s, tt.code, tt.ext, tt.at)
		if !errors.Is(err, tt.want) {
			t.Fatalf("%s: error %v, want %v", tt.name, err, tt.want)
		}
		if tt.want != nil {
			if _, err := s.UserByIdentity(ctx, "telegram", tt.ext); tt.ext != "first" && !errors.Is(err, storage.ErrNotFound) {
				t.Errorf("%s: a failed redeem left identity %s bound (%v)", tt.name, tt.ext, err)
			}
			continue
		}
		got, err := s.UserByIdentity(ctx, "telegram", tt.ext)
		if err != nil {
			t.Fatalf("%s: joined user not found: %v", tt.name, err)
		}
		if got.ID != u.ID || got.Role != storage.RoleOfficial || got.OfficeID == nil || got.Language != "vi" || got.Name != "Hoàng Văn x4" {
			t.Errorf("%s: joined user = %+v", tt.name, got)
		}
		trail, err := s.AuditTrail(ctx, storage.EntityInvite, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if last := trail[len(trail)-1]; last.Action != storage.AuditInviteUsed || last.UserID != u.ID || last.Channel != "telegram" {
			t.Errorf("%s: last audit entry = %+v, want invite_used by the new user", tt.name, last)
		}
	}
}

// Two people typing the same code at the same moment: one joins, the other
// is told it is used, and only one user exists.
func TestRedeemInviteRaceHasOneWinner(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	for round := range 5 {
		inv := makeInvite(t, s, storage.InviteRequest{Role: storage.RoleCollaborator, UnitCode: "VQ-TD-01"})
		const racers = 4
		errs := make([]error, racers)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = redeem(s, inv.Code, fmt.Sprintf("r%d-%d", round, i), storagetest.Now())
			}()
		}
		close(start)
		wg.Wait()
		wins := 0
		for i, err := range errs {
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, storage.ErrInviteUsed):
				t.Errorf("round %d racer %d: %v, want ErrInviteUsed", round, i, err)
			}
		}
		if wins != 1 {
			t.Errorf("round %d: %d winners, want exactly 1", round, wins)
		}
		bound := 0
		for i := range racers {
			if _, err := s.UserByIdentity(ctx, "telegram", fmt.Sprintf("r%d-%d", round, i)); err == nil {
				bound++
			}
		}
		if bound != 1 {
			t.Errorf("round %d: %d identities bound, want 1", round, bound)
		}
	}
}

func TestIdentityTouchAndLanguage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	ext := "demo-collaborator-vq-xl-02"
	later := storagetest.Now().Add(time.Hour)
	if err := s.SetIdentityActive(ctx, storage.DemoChannel, ext, false); err != nil {
		t.Fatal(err)
	}
	if err := s.TouchIdentity(ctx, storage.DemoChannel, ext, "new-chat", later); err != nil {
		t.Fatal(err)
	}
	u, err := s.UserByIdentity(ctx, storage.DemoChannel, ext)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := s.IdentitiesOfUser(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || !ids[0].Active || ids[0].ChatID != "new-chat" || ids[0].LastSeenAt == nil || !ids[0].LastSeenAt.Equal(later) {
		t.Errorf("identity after touch = %+v", ids)
	}
	if err := s.TouchIdentity(ctx, storage.DemoChannel, "nobody", "c", later); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("touching an unknown identity: %v, want ErrNotFound", err)
	}
	if err := s.SetUserLanguage(ctx, u.ID, "en"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserLanguage(ctx, u.ID, "fr"); err == nil {
		t.Error("language fr accepted")
	}
	if got, _ := s.User(ctx, u.ID); got.Language != "en" {
		t.Errorf("language = %s, want en", got.Language)
	}
	if err := s.SetUserLanguage(ctx, 9999, "en"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown user: %v, want ErrNotFound", err)
	}
}

func TestInviteCodeFormatting(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"abcd-efgh-jkmn-p", "ABCDEFGHJKMNP"},
		{" 0o1i L ", "00111"},
		{"AB CD\u00a0EF", "ABCDEF"},
	}
	for _, tt := range tests {
		if got := storage.NormaliseInviteCode(tt.in); got != tt.want {
			t.Errorf("NormaliseInviteCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := storage.FormatInviteCode("ABCDEFGHJKMNP"); got != "ABCD-EFGH-JKMN-P" {
		t.Errorf("FormatInviteCode = %q", got)
	}
}

func TestTerminalUserFindsDemoPeople(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	tests := []struct{ role, code, wantExt string }{
		{storage.RoleCollaborator, "", "demo-collaborator-vq-td-01"},
		{storage.RoleCollaborator, "VQ-XL-02", "demo-collaborator-vq-xl-02"},
		{storage.RoleCommuneOfficer, "VQ-TT", "demo-commune_officer-vq-tt"},
		{storage.RoleOfficial, "YTE", "demo-official-yte"},
		{storage.RoleAdmin, "", "demo-admin-vq"},
	}
	for _, tt := range tests {
		u, err := s.TerminalUser(ctx, tt.role, tt.code)
		if err != nil {
			t.Fatalf("TerminalUser(%s, %q): %v", tt.role, tt.code, err)
		}
		if u.ExternalID != tt.wantExt || u.Role != tt.role || u.Name == "" {
			t.Errorf("TerminalUser(%s, %q) = %+v, want %s", tt.role, tt.code, u, tt.wantExt)
		}
	}
	if _, err := s.TerminalUser(ctx, storage.RoleCollaborator, "VQ"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("no collaborator at district level: %v, want ErrNotFound", err)
	}
}
