package storage

import (
	"fmt"

	"gorm.io/gorm"
)

// Migration 0005: the reporting chain. Written as plain SQL that both
// dialects accept, so that later edits of models.go cannot change it.
//
//   - indicator_parts.source_form: the form each part is computed from
//     (filled by Seed for the plan's parts);
//   - indicator_parts.annualise: parts whose 6-month figure is doubled
//     before it is judged (filled by Seed);
//   - periods.village_lead_days: the villages' deadline, days before the
//     commune's;
//   - submissions are keyed by version too, so a correction is a new row
//     beside the counted one instead of a change to it;
//   - the first version's "commune_report" filled in by village
//     collaborators becomes the village report it was, so village and
//     commune figures are never summed together.
func migrateV5(tx *gorm.DB) error {
	steps := []string{
		"ALTER TABLE indicator_parts ADD COLUMN source_form VARCHAR(64) NOT NULL DEFAULT ''",
		"ALTER TABLE periods ADD COLUMN village_lead_days INTEGER NOT NULL DEFAULT 5",
		"DROP INDEX idx_submission_key",
		"CREATE UNIQUE INDEX idx_submission_version ON submissions (unit_id, period_id, form_id, version)",
		"UPDATE submissions SET form_id = 'village_report' WHERE form_id = 'commune_report' " +
			"AND unit_id IN (SELECT id FROM org_units WHERE level = 'village')",
		"ALTER TABLE indicator_parts ADD COLUMN annualise BOOLEAN NOT NULL DEFAULT false",
	}
	for _, sql := range steps {
		if err := tx.Exec(sql).Error; err != nil {
			return fmt.Errorf("reporting chain: %q: %w", sql, err)
		}
	}
	return nil
}

func rollbackV5(tx *gorm.DB) error {
	steps := []string{
		"ALTER TABLE indicator_parts DROP COLUMN annualise",
		"UPDATE submissions SET form_id = 'commune_report' WHERE form_id = 'village_report'",
		"DROP INDEX idx_submission_version",
		"CREATE UNIQUE INDEX idx_submission_key ON submissions (unit_id, period_id, form_id)",
		"ALTER TABLE periods DROP COLUMN village_lead_days",
		"ALTER TABLE indicator_parts DROP COLUMN source_form",
	}
	for _, sql := range steps {
		if err := tx.Exec(sql).Error; err != nil {
			return fmt.Errorf("undo reporting chain: %q: %w", sql, err)
		}
	}
	return nil
}
