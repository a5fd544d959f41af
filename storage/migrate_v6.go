package storage

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Migration 0006: the dates a unit takes reports between, for the 2025
// mergers. org_units.starts_on is the first day a unit made by a merger
// takes reports (NULL: always did); org_units.ends_on is the first day a
// merged or closed unit no longer does (NULL: still does). Frozen here:
// never edit, add a migration.
type v6OrgUnit struct {
	StartsOn *time.Time
	EndsOn   *time.Time
}

func (v6OrgUnit) TableName() string { return "org_units" }

func migrateV6(tx *gorm.DB) error {
	for _, col := range []string{"StartsOn", "EndsOn"} {
		if err := tx.Migrator().AddColumn(&v6OrgUnit{}, col); err != nil {
			return fmt.Errorf("unit dates: add %s: %w", col, err)
		}
	}
	return nil
}

func rollbackV6(tx *gorm.DB) error {
	for _, col := range []string{"EndsOn", "StartsOn"} {
		if err := tx.Migrator().DropColumn(&v6OrgUnit{}, col); err != nil {
			return fmt.Errorf("unit dates: drop %s: %w", col, err)
		}
	}
	return nil
}
