package storage_test

import (
	"context"
	"errors"
	"testing"

	"treembot/storage"
	"treembot/storage/storagetest"
)

// People who joined before the title existed keep their accounts and are
// addressed "anh/chị" until they choose; a choice is kept and can change.
func TestUserTitleIsAddedAndKept(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	ext := "demo-collaborator-vq-xl-02"
	u, err := s.UserByIdentity(ctx, storage.DemoChannel, ext)
	if err != nil {
		t.Fatal(err)
	}
	if u.Title != "" {
		t.Fatalf("title before any choice = %q, want none", u.Title)
	}
	for _, title := range []string{storage.TitleChi, storage.TitleAnh, ""} {
		if err := s.SetUserTitle(ctx, u.ID, title); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.User(ctx, u.ID); got.Title != title {
			t.Errorf("title = %q, want %q", got.Title, title)
		}
		if got, _ := s.UserByIdentity(ctx, storage.DemoChannel, ext); got.Title != title {
			t.Errorf("title by identity = %q, want %q", got.Title, title)
		}
	}
	if err := s.SetUserTitle(ctx, u.ID, "ông bà"); err == nil {
		t.Error("an unknown title was accepted")
	}
	if err := s.SetUserTitle(ctx, 9999, storage.TitleAnh); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown user: %v, want ErrNotFound", err)
	}
}

// The migration runs on a database of the previous release and can be
// undone.
func TestMigrationToUserTitleRollsBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storagetest.Open(t, storagetest.NewOptions(t))
	if err := storage.MigrateToForTest(ctx, s, "0005_reporting_chain"); err != nil {
		t.Fatal(err)
	}
	if err := storage.ExecForTest(ctx, s, "INSERT INTO users (name, role, unit_id, language, active, created_at, updated_at) VALUES ('Lăng Thị Lan', 'collaborator', 1, 'vi', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"); err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := storage.ExecForTest(ctx, s, "UPDATE users SET title = 'chi'"); err != nil {
		t.Fatalf("title column after migrating: %v", err)
	}
	if err := storage.RollbackToForTest(ctx, s, "0006_unit_dates"); err != nil {
		t.Fatal(err)
	}
	if err := storage.ExecForTest(ctx, s, "UPDATE users SET title = 'anh'"); err == nil {
		t.Error("the title column is still there after the rollback")
	}
}
