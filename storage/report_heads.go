package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ScopeHeads returns the head of every report on the given forms for
// periodID by an active unit of the root's subtree, in one query: the
// village and office reports beside the commune reports ScopeUnits reads.
// Each row holds the unit's ID, the form and the report's fields; the
// head is the version that counts (submitted or approved), or the
// returned one, or the first draft; never a correction in progress.
func (s *Store) ScopeHeads(ctx context.Context, rootID, periodID uint, formIDs []string) ([]ScopeUnit, error) {
	if len(formIDs) == 0 {
		return nil, nil
	}
	root, err := s.Unit(ctx, rootID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.WithContext(ctx).Table("submissions AS s").
		Select("s.unit_id, s.form_id, s.id, s.status, s.version, s.reference, s.submitted_at, s.return_note, s.updated_at, "+
			"s.first_submitted_at").
		Joins("JOIN org_units u ON u.id = s.unit_id").
		Where("s.period_id = ? AND s.form_id IN ? AND "+headCondition+" AND u.active = ? AND u.path "+s.under(),
			periodID, formIDs, true, s.subtree(root.Path)).Rows()
	if err != nil {
		return nil, fmt.Errorf("reports of period %d under %d: %w", periodID, rootID, err)
	}
	defer rows.Close()
	var out []ScopeUnit
	for rows.Next() {
		var h ScopeUnit
		var when, first sql.NullTime
		var changed time.Time
		if err := rows.Scan(&h.ID, &h.FormID, &h.SubmissionID, &h.Status, &h.Version, &h.Reference, &when,
			&h.ReturnNote, &changed, &first); err != nil {
			return nil, fmt.Errorf("read report head: %w", err)
		}
		if when.Valid {
			h.SubmittedAt = &when.Time
		}
		if first.Valid {
			h.FirstSubmittedAt = &first.Time
		}
		h.UpdatedAt = &changed
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reports of period %d under %d: %w", periodID, rootID, err)
	}
	return out, nil
}
