package storage

import (
	"fmt"

	"gorm.io/gorm"
)

// Migration 0008: small sensitive counts. Plain SQL that both dialects
// accept, so later edits of models.go cannot change it.
//
//   - data_elements.sensitive: counts that could point at a child or a
//     family (abuse, child marriage, child labour, children in special
//     circumstances) and are hidden when small;
//   - data_elements.suppress_below: a count from 1 up to this, exclusive,
//     is shown as "< N" to those who may not see it;
//   - the plan's sensitive elements are marked (on a fresh database Seed
//     marks them when it inserts them).
func migrateV8(tx *gorm.DB) error {
	steps := []string{
		"ALTER TABLE data_elements ADD COLUMN sensitive BOOLEAN NOT NULL DEFAULT false",
		fmt.Sprintf("ALTER TABLE data_elements ADD COLUMN suppress_below INTEGER NOT NULL DEFAULT %d", DefaultSuppressBelow),
		"UPDATE data_elements SET sensitive = true WHERE code IN ('abuse_cases', 'child_marriages', 'child_labour', " +
			"'special_circumstances', 'special_assisted')",
	}
	for _, sql := range steps {
		if err := tx.Exec(sql).Error; err != nil {
			return fmt.Errorf("sensitive counts: %q: %w", sql, err)
		}
	}
	return nil
}

func rollbackV8(tx *gorm.DB) error {
	for _, sql := range []string{
		"ALTER TABLE data_elements DROP COLUMN suppress_below",
		"ALTER TABLE data_elements DROP COLUMN sensitive",
	} {
		if err := tx.Exec(sql).Error; err != nil {
			return fmt.Errorf("undo sensitive counts: %q: %w", sql, err)
		}
	}
	return nil
}
