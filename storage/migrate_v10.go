package storage

import (
	"fmt"

	"gorm.io/gorm"
)

// Migration 0010: the answer a draft has asked back (submissions.
// pending_answer), so the question it hangs on survives a lost session.
// Plain SQL that both dialects accept.
func migrateV10(tx *gorm.DB) error {
	const sql = "ALTER TABLE submissions ADD COLUMN pending_answer TEXT NOT NULL DEFAULT ''"
	if err := tx.Exec(sql).Error; err != nil {
		return fmt.Errorf("pending answer: %q: %w", sql, err)
	}
	return nil
}

func rollbackV10(tx *gorm.DB) error {
	const sql = "ALTER TABLE submissions DROP COLUMN pending_answer"
	if err := tx.Exec(sql).Error; err != nil {
		return fmt.Errorf("undo pending answer: %q: %w", sql, err)
	}
	return nil
}
