package storage_test

import (
	"context"
	"sync"
	"testing"

	"treembot/storage"
	"treembot/storage/storagetest"
)

func TestMigrateTwiceKeepsSchemaVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storagetest.New(t)
	first, err := s.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if first == "" {
		t.Fatal("schema version is empty after Migrate")
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	again, err := s.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again != first {
		t.Errorf("schema version after re-migrate = %q, want %q", again, first)
	}
	// The schema is usable: a seed writes to every plan table.
	if err := s.Seed(ctx, storage.SeedOptions{Elements: storagetest.PlanElements(), Zone: storagetest.Zone(), Now: storagetest.Now()}); err != nil {
		t.Fatalf("seed after two migrations: %v", err)
	}
}

// Two processes starting at once on a fresh database must both succeed.
func TestMigrateConcurrentlyOnFreshDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	opts := storagetest.NewOptions(t)
	stores := []*storage.Store{storagetest.Open(t, opts), storagetest.Open(t, opts), storagetest.Open(t, opts)}
	var wg sync.WaitGroup
	errs := make([]error, len(stores))
	for i, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Migrate(ctx)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("process %d: Migrate: %v", i, err)
		}
	}
	for i, s := range stores {
		v, err := s.SchemaVersion(ctx)
		if err != nil || v == "" {
			t.Errorf("process %d: schema version %q, %v", i, v, err)
		}
	}
}

func TestOpenRefusesAnUnknownURL(t *testing.T) {
	t.Parallel()
	_, err := storage.Open(context.Background(), storage.Options{URL: "mysql://root@localhost/treembot", SQLitePath: t.TempDir() + "/x.db"})
	if err == nil {
		t.Fatal("a mysql:// URL was accepted")
	}
}
