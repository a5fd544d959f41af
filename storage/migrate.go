package storage

import (
	"context"
	"fmt"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// migrations is the ordered, append-only schema history. Never edit or
// reorder an entry that has shipped: add a new one. Each migration uses
// its own snapshot of the tables (see migrate_v1.go), so later changes to
// models.go cannot alter what an old migration does.
func migrations() []*gormigrate.Migration {
	return []*gormigrate.Migration{
		{ID: "0001_initial", Migrate: migrateV1, Rollback: rollbackV1},
		{ID: "0002_reminders", Migrate: migrateV2, Rollback: rollbackV2},
		{ID: "0004_zalo", Migrate: migrateV4, Rollback: rollbackV4},
		{ID: "0005_reporting_chain", Migrate: migrateV5, Rollback: rollbackV5},
		{ID: "0006_unit_dates", Migrate: migrateV6, Rollback: rollbackV6},
		{ID: "0007_user_title", Migrate: migrateV7, Rollback: rollbackV7},
		{ID: "0008_sensitive_counts", Migrate: migrateV8, Rollback: rollbackV8},
		{ID: "0009_pending_replies", Migrate: migrateV9, Rollback: rollbackV9},
		{ID: "0010_pending_answer", Migrate: migrateV10, Rollback: rollbackV10},
	}
}

// Migrate brings the schema up to date. It is idempotent and safe to run
// from several processes at once: the whole run is one transaction holding
// a lock (PostgreSQL: an advisory lock per schema; SQLite: the write lock
// an immediate transaction takes), so a latecomer waits and then finds
// nothing left to do.
func (s *Store) Migrate(ctx context.Context) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.postgres {
			// Keyed by schema so isolated test schemas do not queue behind
			// each other.
			err := tx.Exec("SELECT pg_advisory_xact_lock(hashtext('treembot_migrate:' || current_schema()))").Error
			if err != nil {
				return fmt.Errorf("take migration lock: %w", err)
			}
		}
		m := gormigrate.New(tx, &gormigrate.Options{
			TableName:      "schema_migrations",
			IDColumnName:   "id",
			IDColumnSize:   255,
			UseTransaction: false, // already inside one
		}, migrations())
		return m.Migrate()
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	version, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	s.log.Info("database schema up to date", "dialect", s.Dialect(), "version", version)
	return nil
}

// SchemaVersion returns the ID of the last migration applied ("" if none).
func (s *Store) SchemaVersion(ctx context.Context) (string, error) {
	db := s.db.WithContext(ctx)
	if !db.Migrator().HasTable("schema_migrations") {
		return "", nil
	}
	var ids []string
	if err := db.Table("schema_migrations").Order("id").Pluck("id", &ids).Error; err != nil {
		return "", fmt.Errorf("schema version: %w", err)
	}
	if len(ids) == 0 {
		return "", nil
	}
	return ids[len(ids)-1], nil
}
