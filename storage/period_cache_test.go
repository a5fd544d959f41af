package storage_test

import (
	"context"
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/storagetest"
)

func openCodes(t *testing.T, s *storage.Store, at time.Time) []string {
	t.Helper()
	ps, err := s.OpenPeriods(context.Background(), at)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, p := range ps {
		codes = append(codes, p.Code)
	}
	return codes
}

// OpenPeriods is served from a short-lived copy of the periods, but a
// period an admin closes or reopens through this store changes at once.
func TestOpenPeriodsFollowsAnAdminsChangeAtOnce(t *testing.T) {
	s, _ := storagetest.NewSeeded(t, nil)
	ctx, now := context.Background(), storagetest.Now()
	if got := openCodes(t, s, now); len(got) != 1 || got[0] != "2025-H1" {
		t.Fatalf("open at %s: %v, want [2025-H1]", now, got)
	}
	p := *mustPeriod(t, s, "2025-H1")
	p.ClosesAt = now
	if _, err := s.SavePeriod(ctx, p); err != nil {
		t.Fatal(err)
	}
	if got := openCodes(t, s, now); len(got) != 0 {
		t.Fatalf("closed just now, yet open: %v", got)
	}
	p.ClosesAt = now.Add(time.Hour)
	if _, err := s.SavePeriod(ctx, p); err != nil {
		t.Fatal(err)
	}
	if got := openCodes(t, s, now); len(got) != 1 {
		t.Fatalf("reopened, yet open periods are %v", got)
	}
	// Opening is inclusive, closing exclusive, as before.
	if got := openCodes(t, s, p.OpensAt); len(got) != 1 {
		t.Errorf("at its opening instant: %v", got)
	}
	if got := openCodes(t, s, p.ClosesAt); len(got) != 0 {
		t.Errorf("at its closing instant: %v", got)
	}
}
