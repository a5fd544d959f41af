package storage

import (
	"fmt"
	"time"

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
//   - submissions.first_submitted_at: when a report was first sent, which
//     timeliness counts;
//   - a draft the first release reopened in place becomes version 1, the
//     head of its report;
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
		// The first release reopened a sent report in place as a draft of
		// the next version; with nothing left beside it, that draft is now
		// the report's first (and only) live version.
		"UPDATE submissions SET version = 1 WHERE status = 'draft' AND version > 1",
	}
	timestamp := "DATETIME"
	if tx.Dialector.Name() == "postgres" {
		timestamp = "TIMESTAMPTZ"
	}
	steps = append(steps, "ALTER TABLE submissions ADD COLUMN first_submitted_at "+timestamp,
		"UPDATE submissions SET first_submitted_at = submitted_at")
	for _, sql := range steps {
		if err := tx.Exec(sql).Error; err != nil {
			return fmt.Errorf("reporting chain: %q: %w", sql, err)
		}
	}
	return widenSeededWindows(tx)
}

type v5Period struct {
	ID       uint
	Deadline time.Time
	ClosesAt time.Time
}

func (v5Period) TableName() string { return "periods" }

// widenSeededWindows moves the close of every period still on the old
// default (30 days after the deadline, at midnight: the 29th day was the
// last) one day on, so the 30th day after the deadline is accepted as the
// README says. Periods an admin changed are left alone.
func widenSeededWindows(tx *gorm.DB) error {
	var periods []v5Period
	if err := tx.Find(&periods).Error; err != nil {
		return fmt.Errorf("read periods: %w", err)
	}
	for _, p := range periods {
		if !p.ClosesAt.Equal(p.Deadline.AddDate(0, 0, 30)) {
			continue
		}
		err := tx.Model(&v5Period{}).Where("id = ?", p.ID).Update("closes_at", p.ClosesAt.AddDate(0, 0, 1)).Error
		if err != nil {
			return fmt.Errorf("widen window of period %d: %w", p.ID, err)
		}
	}
	return nil
}

func rollbackV5(tx *gorm.DB) error {
	steps := []string{
		"ALTER TABLE indicator_parts DROP COLUMN annualise",
		"UPDATE submissions SET form_id = 'commune_report' WHERE form_id = 'village_report'",
		"ALTER TABLE submissions DROP COLUMN first_submitted_at",
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
