package storage_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/storagetest"
)

const zaloApp = "2553928453557884079"

// fakeZalo hands out numbered token pairs and accepts each refresh token
// once, as Zalo does.
type fakeZalo struct {
	mu    sync.Mutex
	valid map[string]bool
	calls atomic.Int32
	n     int
	now   time.Time
}

func newFakeZalo(seed string) *fakeZalo {
	return &fakeZalo{valid: map[string]bool{seed: true}, now: storagetest.Now()}
}

func (f *fakeZalo) exchange(_ context.Context, refresh string) (string, string, time.Time, error) {
	f.calls.Add(1)
	time.Sleep(5 * time.Millisecond) // a real round trip, so racers overlap
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.valid[refresh] {
		return "", "", time.Time{}, fmt.Errorf("zalo: refresh token %q is invalid (-14014)", refresh)
	}
	delete(f.valid, refresh)
	f.n++
	next := fmt.Sprint("refresh-", f.n)
	f.valid[next] = true
	return fmt.Sprint("access-", f.n), next, f.now.Add(25 * time.Hour), nil
}

func TestZaloTokensSeedRefreshAndRotate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storagetest.New(t)
	now := storagetest.Now()
	if _, _, err := s.ZaloAccessToken(ctx, zaloApp); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("before any seed: err %v, want ErrNotFound", err)
	}
	zalo := newFakeZalo("refresh-0")
	if ok, err := s.SeedZaloRefreshToken(ctx, zaloApp, "refresh-0", now); err != nil || !ok {
		t.Fatalf("seed: %v %v", ok, err)
	}
	access, exp, err := s.RefreshZaloTokens(ctx, zaloApp, "", now, zalo.exchange)
	if err != nil || access != "access-1" || !exp.Equal(now.Add(25*time.Hour)) {
		t.Fatalf("first refresh: %q %v %v", access, exp, err)
	}
	// A restart with the same environment must not bring back the spent
	// refresh token.
	if ok, err := s.SeedZaloRefreshToken(ctx, zaloApp, "refresh-0", now); err != nil || ok {
		t.Fatalf("re-seeding the same token: stored=%v err=%v", ok, err)
	}
	if access, _, err = s.RefreshZaloTokens(ctx, zaloApp, "access-1", now, zalo.exchange); err != nil || access != "access-2" {
		t.Fatalf("second refresh used the rotated token? %q %v", access, err)
	}
	got, _, err := s.ZaloAccessToken(ctx, zaloApp)
	if err != nil || got != "access-2" {
		t.Errorf("stored access token %q, %v", got, err)
	}
	// The admin re-authorised the app: the new seed replaces the pair.
	zalo.mu.Lock()
	zalo.valid["fresh-grant"] = true
	zalo.mu.Unlock()
	if ok, err := s.SeedZaloRefreshToken(ctx, zaloApp, "fresh-grant", now); err != nil || !ok {
		t.Fatalf("new seed: %v %v", ok, err)
	}
	if got, _, _ := s.ZaloAccessToken(ctx, zaloApp); got != "" {
		t.Errorf("the old grant's access token %q survived a new seed", got)
	}
	if access, _, err = s.RefreshZaloTokens(ctx, zaloApp, "", now, zalo.exchange); err != nil || access != "access-3" {
		t.Errorf("refresh after a new seed: %q %v", access, err)
	}
}

func TestZaloRefreshFailureChangesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storagetest.New(t)
	now := storagetest.Now()
	zalo := newFakeZalo("refresh-0")
	if _, err := s.SeedZaloRefreshToken(ctx, zaloApp, "refresh-0", now); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.RefreshZaloTokens(ctx, zaloApp, "", now, zalo.exchange); err != nil {
		t.Fatal(err)
	}
	down := errors.New("oauth.zaloapp.com: 503")
	_, _, err := s.RefreshZaloTokens(ctx, zaloApp, "access-1", now, func(context.Context, string) (string, string, time.Time, error) {
		return "", "", time.Time{}, down
	})
	if !errors.Is(err, down) {
		t.Fatalf("err = %v, want the exchange's error", err)
	}
	if got, _, _ := s.ZaloAccessToken(ctx, zaloApp); got != "access-1" {
		t.Errorf("after a failed refresh the stored token is %q", got)
	}
	// The refresh token was not lost: the next attempt works.
	if access, _, err := s.RefreshZaloTokens(ctx, zaloApp, "access-1", now, zalo.exchange); err != nil || access != "access-2" {
		t.Errorf("refresh after a failure: %q %v", access, err)
	}
}

// Instances racing to refresh spend the single-use token once; the others
// find the new pair and use it.
func TestZaloRefreshRaceSpendsTheTokenOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	opts := storagetest.NewOptions(t)
	first := storagetest.Open(t, opts)
	if err := first.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	stores := []*storage.Store{first, storagetest.Open(t, opts), storagetest.Open(t, opts)}
	now := storagetest.Now()
	zalo := newFakeZalo("refresh-0")
	if _, err := first.SeedZaloRefreshToken(ctx, zaloApp, "refresh-0", now); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]string, 6)
	errs := make([]error, 6)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _, errs[i] = stores[i%3].RefreshZaloTokens(ctx, zaloApp, "", now, zalo.exchange)
		}()
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil || got[i] != "access-1" {
			t.Errorf("racer %d: %q %v", i, got[i], errs[i])
		}
	}
	if n := zalo.calls.Load(); n != 1 {
		t.Errorf("Zalo was asked %d times, want once", n)
	}
}
