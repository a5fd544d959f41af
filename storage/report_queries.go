package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// CountedStatuses are the submission statuses whose values count in
// reports: a report counts once it is submitted (DHIS2's notion), and an
// approved one still does. Drafts and returned reports do not.
var CountedStatuses = []string{StatusSubmitted, StatusApproved}

// ScopeUnit is one active unit under a report's root, with its submission
// of one form for one period (SubmissionID 0 when it has none).
type ScopeUnit struct {
	ID       uint
	ParentID uint // 0 for a root
	Code     string
	Name     string
	Level    string
	Area     string
	Path     string
	Leaf     bool // reports itself: nothing under it does (see ScopeUnits)
	// MergedInto is the unit this one was merged into (its parent), 0 if
	// none: it appears only for the periods before the merger.
	MergedInto uint
	// NotYet marks a merger's new unit in a period that ended before it
	// took reports: it only groups its old units there and owes nothing.
	NotYet       bool
	SubmissionID uint
	Status       string
	Version      int
	Reference    string
	SubmittedAt  *time.Time
	// FirstSubmittedAt is when the report was first sent (a correction or
	// a resend keeps it): what timeliness counts.
	FirstSubmittedAt *time.Time
	ReturnNote       string
	// UpdatedAt changes whenever the submission or its values change, so a
	// cache of its values can tell when it is stale.
	UpdatedAt *time.Time
	// FormID is the submission's form, set by ScopeHeads.
	FormID string
}

// scopeScan is what the ScopeUnits query returns. The NULLs of the LEFT
// JOIN are read through sql.Null* types, which scan without reflection.
type scopeScan struct {
	ID               uint
	ParentID         sql.NullInt64
	Code             string
	Name             string
	Level            string
	Area             string
	Path             string
	SubmissionID     sql.NullInt64
	Status           sql.NullString
	Version          sql.NullInt64
	Reference        sql.NullString
	SubmittedAt      sql.NullTime
	ReturnNote       sql.NullString
	UpdatedAt        sql.NullTime
	FirstSubmittedAt sql.NullTime
	MergedInto       sql.NullInt64
	StartsOn         sql.NullTime
}

func (r scopeScan) unit(leaf bool) ScopeUnit {
	u := ScopeUnit{ID: r.ID, ParentID: uint(r.ParentID.Int64), Code: r.Code, Name: r.Name, Level: r.Level,
		Area: r.Area, Path: r.Path, Leaf: leaf, SubmissionID: uint(r.SubmissionID.Int64), Status: r.Status.String,
		Version: int(r.Version.Int64), Reference: r.Reference.String, ReturnNote: r.ReturnNote.String,
		MergedInto: uint(r.MergedInto.Int64)}
	if r.SubmittedAt.Valid {
		u.SubmittedAt = &r.SubmittedAt.Time
	}
	if r.UpdatedAt.Valid {
		u.UpdatedAt = &r.UpdatedAt.Time
	}
	if r.FirstSubmittedAt.Valid {
		u.FirstSubmittedAt = &r.FirstSubmittedAt.Time
	}
	return u
}

// ScopeUnits lists the units of rootID's subtree (the root included) that
// exist for periodID, parents before children, each with its submission of
// formID for the period. A unit merged or closed on a day after the
// period's last is listed for it (the mergers' history: a merged unit sits
// under the one it was merged into, so its reports roll up there); from
// that day on it is not. Leaf marks the units that report themselves:
// nothing under them does except what was merged into them, and they are
// not a merger's new unit in a period before it took reports.
func (s *Store) ScopeUnits(ctx context.Context, rootID, periodID uint, formID string) ([]ScopeUnit, error) {
	root, err := s.Unit(ctx, rootID)
	if err != nil {
		return nil, err
	}
	period, err := s.Period(ctx, periodID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.WithContext(ctx).Table("org_units AS u").
		Select("u.id, u.parent_id, u.code, u.name, u.level, u.area, u.path, s.id AS submission_id, "+
			"s.status, s.version, s.reference, s.submitted_at, s.return_note, s.updated_at, s.first_submitted_at, "+
			"u.merged_into_id, u.starts_on").
		Joins("LEFT JOIN submissions s ON s.unit_id = u.id AND s.period_id = ? AND s.form_id = ? AND "+headCondition,
			periodID, formID).
		Where("u.path "+s.under()+" AND (u.active = ? OR u.ends_on > ?)", s.subtree(root.Path), true, dbTime(period.End)).Rows()
	if err != nil {
		return nil, fmt.Errorf("units under %d with submissions of period %d: %w", rootID, periodID, err)
	}
	defer rows.Close()
	// Scanned by hand: gorm's reflection costs more than the query for the
	// 10,000 units of a province.
	var scans []scopeScan
	for rows.Next() {
		var r scopeScan
		err := rows.Scan(&r.ID, &r.ParentID, &r.Code, &r.Name, &r.Level, &r.Area, &r.Path, &r.SubmissionID,
			&r.Status, &r.Version, &r.Reference, &r.SubmittedAt, &r.ReturnNote, &r.UpdatedAt, &r.FirstSubmittedAt,
			&r.MergedInto, &r.StartsOn)
		if err != nil {
			return nil, fmt.Errorf("read unit under %d: %w", rootID, err)
		}
		scans = append(scans, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("units under %d with submissions of period %d: %w", rootID, periodID, err)
	}
	out := scopeLeaves(scans, period)
	// Sorted in Go: PostgreSQL's collation ignores "/" (see sortByPath).
	sortScope(out)
	return out, nil
}

// scopeLeaves turns the rows into units, marking the leaves: no unit but
// those merged into it sits under it, and it took reports in the period
// (a merger's new unit only groups its old units before it started).
func scopeLeaves(scans []scopeScan, period *Period) []ScopeUnit {
	parents := make(map[uint]bool, len(scans))
	for _, r := range scans {
		if r.ParentID.Valid && r.MergedInto != r.ParentID {
			parents[uint(r.ParentID.Int64)] = true
		}
	}
	out := make([]ScopeUnit, 0, len(scans))
	for _, r := range scans {
		u := r.unit(false)
		u.NotYet = r.StartsOn.Valid && r.StartsOn.Time.After(period.End)
		u.Leaf = !parents[r.ID] && !u.NotYet
		out = append(out, u)
	}
	return out
}

// SubmissionValue is one stored value of a submission, as stored.
type SubmissionValue struct {
	SubmissionID uint
	ElementCode  string
	Value        string
}

// valueChunk bounds the IDs per query, well under both databases' limits
// on bound parameters.
const valueChunk = 2000

// SubmissionValues returns the non-empty values of the given elements in
// the given submissions.
func (s *Store) SubmissionValues(ctx context.Context, ids []uint, elements []string) ([]SubmissionValue, error) {
	var out []SubmissionValue
	for start := 0; start < len(ids) && len(elements) > 0; start += valueChunk {
		batch := ids[start:min(start+valueChunk, len(ids))]
		rows, err := s.db.WithContext(ctx).Model(&DataValue{}).
			Select("submission_id", "element_code", "value").
			Where("submission_id IN ? AND element_code IN ? AND value <> ''", batch, elements).Rows()
		if err != nil {
			return nil, fmt.Errorf("values of %d submissions: %w", len(batch), err)
		}
		vals, err := scanValues(rows)
		rows.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, vals...)
	}
	return out, nil
}

// under is the operator that matches a subtree's paths against subtree:
// LIKE on PostgreSQL (served by the text_pattern_ops index), GLOB on
// SQLite, whose LIKE ignores case and so cannot use the path index.
func (s *Store) under() string {
	if s.postgres {
		return "LIKE ?"
	}
	return "GLOB ?"
}

// subtree is the pattern for under: paths hold only digits and slashes,
// so nothing needs escaping.
func (s *Store) subtree(path string) string {
	if s.postgres {
		return path + "%"
	}
	return path + "*"
}
