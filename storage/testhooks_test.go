package storage

import (
	"context"

	"github.com/go-gormigrate/gormigrate/v2"
)

// MigrateToForTest applies the migrations up to and including id, so a
// test can build a database as an older release left it.
func MigrateToForTest(ctx context.Context, s *Store, id string) error {
	m := gormigrate.New(s.db.WithContext(ctx), &gormigrate.Options{TableName: "schema_migrations",
		IDColumnName: "id", IDColumnSize: 255, UseTransaction: true}, migrations())
	return m.MigrateTo(id)
}

// ExecForTest runs raw SQL, for writing rows the way an older release did.
func ExecForTest(ctx context.Context, s *Store, sql string, args ...any) error {
	return s.db.WithContext(ctx).Exec(sql, args...).Error
}

// RollbackToForTest undoes every migration after id, newest first.
func RollbackToForTest(ctx context.Context, s *Store, id string) error {
	m := gormigrate.New(s.db.WithContext(ctx), &gormigrate.Options{TableName: "schema_migrations",
		IDColumnName: "id", IDColumnSize: 255, UseTransaction: true}, migrations())
	return m.RollbackTo(id)
}
