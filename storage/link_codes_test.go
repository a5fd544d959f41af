package storage_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/storagetest"
)

func demoCollaborator(t *testing.T, demo storage.DemoResult) storage.DemoUser {
	t.Helper()
	for _, u := range demo.Users {
		if u.Role == storage.RoleCollaborator {
			return u
		}
	}
	t.Fatal("no demo collaborator")
	return storage.DemoUser{}
}

func TestLinkCodeBindsASecondAccountOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, demo := storagetest.NewSeeded(t, nil)
	who := demoCollaborator(t, demo)
	now := storagetest.Now()
	code, err := s.CreateLinkCode(ctx, who.UserID, "terminal", 15*time.Minute, now)
	if err != nil || len(code) != storage.LinkCodeLen {
		t.Fatalf("code %q, %v", code, err)
	}
	typed := strings.ToLower(storage.FormatInviteCode(code))
	u, err := s.RedeemLinkCode(ctx, typed, "zalo", "zalo-user-1", "zalo-chat-1", now.Add(time.Minute))
	if err != nil || u.ID != who.UserID {
		t.Fatalf("redeem: %+v %v", u, err)
	}
	bound, err := s.UserByIdentity(ctx, "zalo", "zalo-user-1")
	if err != nil || bound.ID != who.UserID {
		t.Fatalf("the Zalo account is not bound to the same user: %+v %v", bound, err)
	}
	if _, err := s.RedeemLinkCode(ctx, code, "zalo_oa", "oa-1", "oa-1", now); !errors.Is(err, storage.ErrLinkUsed) {
		t.Errorf("second use: %v, want ErrLinkUsed", err)
	}
	if _, err := s.RedeemLinkCode(ctx, code, "zalo", "zalo-user-1", "c", now); !errors.Is(err, storage.ErrAlreadyJoined) {
		t.Errorf("bound account again: %v, want ErrAlreadyJoined", err)
	}
}

func TestLinkCodeRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, demo := storagetest.NewSeeded(t, nil)
	who := demoCollaborator(t, demo)
	now := storagetest.Now()
	old, _ := s.CreateLinkCode(ctx, who.UserID, "terminal", time.Minute, now)
	code, _ := s.CreateLinkCode(ctx, who.UserID, "terminal", time.Minute, now)
	cases := []struct {
		name, code, channel string
		at                  time.Time
		want                error
	}{
		{"unknown", "ZZZZZZZZ", "zalo", now, storage.ErrLinkUnknown},
		{"malformed", "/start", "zalo", now, storage.ErrLinkUnknown},
		{"replaced by a newer code", old, "zalo", now, storage.ErrLinkUnknown},
		{"expired", code, "zalo", now.Add(time.Minute), storage.ErrLinkExpired},
		{"same channel", code, "terminal", now, storage.ErrLinkSameChannel},
	}
	for _, c := range cases {
		if _, err := s.RedeemLinkCode(ctx, c.code, c.channel, "new-"+c.name, "chat", c.at); !errors.Is(err, c.want) {
			t.Errorf("%s: err %v, want %v", c.name, err, c.want)
		}
	}
}

func TestLinkCodeRaceHasOneWinner(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, demo := storagetest.NewSeeded(t, nil)
	who := demoCollaborator(t, demo)
	code, err := s.CreateLinkCode(ctx, who.UserID, "terminal", time.Hour, storagetest.Now())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 5)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.RedeemLinkCode(ctx, code, "zalo", "racer-"+itoa(i), "c", storagetest.Now())
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, storage.ErrLinkUsed) && !errors.Is(err, storage.ErrLinkSameChannel):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if won != 1 {
		t.Errorf("%d accounts were linked with one code", won)
	}
}

func TestPreferredIdentityIsTheMostRecentlyUsed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, demo := storagetest.NewSeeded(t, nil)
	who := demoCollaborator(t, demo)
	now := storagetest.Now()
	code, _ := s.CreateLinkCode(ctx, who.UserID, "terminal", time.Hour, now)
	if _, err := s.RedeemLinkCode(ctx, code, "zalo", "zl-1", "zl-chat", now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	id, err := s.PreferredIdentity(ctx, who.UserID)
	if err != nil || id.Channel != "zalo" {
		t.Fatalf("after linking, preferred = %+v %v, want the new Zalo account", id, err)
	}
	if err := s.TouchIdentity(ctx, "terminal", who.ExternalID, who.ExternalID, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if id, _ := s.PreferredIdentity(ctx, who.UserID); id.Channel != "terminal" {
		t.Errorf("after a terminal message, preferred = %s", id.Channel)
	}
	if err := s.SetIdentityActive(ctx, "terminal", who.ExternalID, false); err != nil {
		t.Fatal(err)
	}
	m, err := s.PreferredIdentities(ctx, []uint{who.UserID, 999999})
	if err != nil || m[who.UserID].Channel != "zalo" || len(m) != 1 {
		t.Errorf("with the terminal account gone: %+v %v", m, err)
	}
}
