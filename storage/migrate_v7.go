package storage

import (
	"fmt"

	"gorm.io/gorm"
)

// Migration 0007: how the bot addresses a person. users.title is "anh",
// "chi" (chị) or "" (not asked yet, or skipped: the bot then writes
// "anh/chị"). Plain SQL that both dialects accept.
func migrateV7(tx *gorm.DB) error {
	const sql = "ALTER TABLE users ADD COLUMN title VARCHAR(8) NOT NULL DEFAULT ''"
	if err := tx.Exec(sql).Error; err != nil {
		return fmt.Errorf("user title: %q: %w", sql, err)
	}
	return nil
}

func rollbackV7(tx *gorm.DB) error {
	const sql = "ALTER TABLE users DROP COLUMN title"
	if err := tx.Exec(sql).Error; err != nil {
		return fmt.Errorf("undo user title: %q: %w", sql, err)
	}
	return nil
}
