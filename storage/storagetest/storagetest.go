package storagetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
	// Embedded zone data: test machines may lack /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/jackc/pgx/v5"

	"treembot/storage"
)

// EnvDatabaseURL names the variable that points tests at PostgreSQL.
const EnvDatabaseURL = "TEST_DATABASE_URL"

// Zone returns Asia/Ho_Chi_Minh, the plan's time zone.
func Zone() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		panic("embedded tzdata lacks Asia/Ho_Chi_Minh: " + err.Error())
	}
	return loc
}

// Now is the fixed clock of seeded stores: 2 May 2025, 09:00 in Vietnam,
// when the 2025-H1 period is open and due on 15 May.
func Now() time.Time { return time.Date(2025, time.May, 2, 9, 0, 0, 0, Zone()) }

// New returns a freshly migrated, empty store, closed and dropped when the
// test ends. With TEST_DATABASE_URL set it fails the test (never skips) if
// PostgreSQL cannot be reached.
func New(t testing.TB) *storage.Store {
	t.Helper()
	s := Open(t, NewOptions(t))
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("storagetest: migrate: %v", err)
	}
	return s
}

// NewPair returns two handles on one freshly migrated, empty database, as
// two instances of the bot have: each is its own connection pool, and both
// are closed (the database dropped) when the test ends.
func NewPair(t testing.TB) (a, b *storage.Store) {
	t.Helper()
	opts := NewOptions(t)
	a = Open(t, opts)
	if err := a.Migrate(context.Background()); err != nil {
		t.Fatalf("storagetest: migrate: %v", err)
	}
	return a, Open(t, opts)
}

// NewSeeded returns a migrated store holding the plan (Seed, with elements
// or, when nil, PlanElements) and the demo district (SeedDemo), both
// run at Now().
func NewSeeded(t testing.TB, elements []storage.DataElement) (*storage.Store, storage.DemoResult) {
	t.Helper()
	s := New(t)
	if elements == nil {
		elements = PlanElements()
	}
	ctx := context.Background()
	if err := s.Seed(ctx, storage.SeedOptions{Elements: elements, Zone: Zone(), Now: Now()}); err != nil {
		t.Fatalf("storagetest: seed: %v", err)
	}
	demo, err := s.SeedDemo(ctx, storage.DemoOptions{Now: Now()})
	if err != nil {
		t.Fatalf("storagetest: seed demo: %v", err)
	}
	return s, demo
}

// Open opens a store with opts and closes it when the test ends.
func Open(t testing.TB, opts storage.Options) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("storagetest: open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("storagetest: close: %v", err)
		}
	})
	return s
}

// NewOptions creates an empty database for this test and returns the
// options that open it: a new PostgreSQL schema (dropped at cleanup) when
// TEST_DATABASE_URL is set, else an SQLite file in t.TempDir(). Open it
// more than once to act as several processes.
func NewOptions(t testing.TB) storage.Options {
	t.Helper()
	base := os.Getenv(EnvDatabaseURL)
	if base == "" {
		return storage.Options{SQLitePath: filepath.Join(t.TempDir(), "treembot.db")}
	}
	if !storage.IsPostgresURL(base) {
		t.Fatalf("storagetest: %s must be a postgres:// URL", EnvDatabaseURL)
	}
	schema := "treembot_test_" + randomHex(t, 8)
	execAdmin(t, base, "CREATE SCHEMA "+schema)
	t.Cleanup(func() { execAdmin(t, base, "DROP SCHEMA IF EXISTS "+schema+" CASCADE") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("storagetest: parse %s: %v", EnvDatabaseURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	// A few connections each: many test packages share one server.
	return storage.Options{URL: u.String(), MaxOpenConns: 4}
}

func execAdmin(t testing.TB, dsn, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("storagetest: connect to %s: %v", EnvDatabaseURL, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("storagetest: %s: %v", sql, err)
	}
}

func randomHex(t testing.TB, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("storagetest: random name: %v", err)
	}
	return hex.EncodeToString(b)
}
