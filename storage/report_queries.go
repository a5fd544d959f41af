package storage

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CountedStatuses are the submission statuses whose values count in
// reports: a report counts once it is submitted (DHIS2's notion), and an
// approved one still does. Drafts and returned reports do not.
var CountedStatuses = []string{StatusSubmitted, StatusApproved}

// ScopeUnit is one active unit under a report's root, with its submission
// of one form for one period (SubmissionID 0 when it has none).
type ScopeUnit struct {
	ID           uint
	ParentID     uint // 0 for a root
	Code         string
	Name         string
	Level        string
	Area         string
	Path         string
	Leaf         bool // no active unit has it as parent
	SubmissionID uint
	Status       string
	Version      int
	Reference    string
	SubmittedAt  *time.Time
	ReturnNote   string
}

// scopeScan is what the ScopeUnits query returns; NULLs of the LEFT JOIN
// become zero values through the pointers.
type scopeScan struct {
	ID           uint
	ParentID     *uint
	Code         string
	Name         string
	Level        string
	Area         string
	Path         string
	SubmissionID *uint
	Status       *string
	Version      *int
	Reference    *string
	SubmittedAt  *time.Time
	ReturnNote   *string
}

// ScopeUnits lists the active units of rootID's subtree (the root
// included), parents before children, each with its submission of formID
// for periodID.
func (s *Store) ScopeUnits(ctx context.Context, rootID, periodID uint, formID string) ([]ScopeUnit, error) {
	root, err := s.Unit(ctx, rootID)
	if err != nil {
		return nil, err
	}
	var scans []scopeScan
	err = s.db.WithContext(ctx).Table("org_units AS u").
		Select("u.id, u.parent_id, u.code, u.name, u.level, u.area, u.path, s.id AS submission_id, "+
			"s.status, s.version, s.reference, s.submitted_at, s.return_note").
		Joins("LEFT JOIN submissions s ON s.unit_id = u.id AND s.period_id = ? AND s.form_id = ?", periodID, formID).
		Where("u.path LIKE ? AND u.active = ?", likePrefix(root.Path), true).
		Scan(&scans).Error
	if err != nil {
		return nil, fmt.Errorf("units under %d with submissions of period %d: %w", rootID, periodID, err)
	}
	parents := make(map[uint]bool, len(scans))
	for _, r := range scans {
		if r.ParentID != nil {
			parents[*r.ParentID] = true
		}
	}
	out := make([]ScopeUnit, 0, len(scans))
	for _, r := range scans {
		out = append(out, ScopeUnit{ID: r.ID, ParentID: deref(r.ParentID), Code: r.Code, Name: r.Name,
			Level: r.Level, Area: r.Area, Path: r.Path, Leaf: !parents[r.ID], SubmissionID: deref(r.SubmissionID),
			Status: deref(r.Status), Version: deref(r.Version), Reference: deref(r.Reference),
			SubmittedAt: r.SubmittedAt, ReturnNote: deref(r.ReturnNote)})
	}
	// Sorted in Go: PostgreSQL's collation ignores "/" (see sortByPath).
	sortScope(out)
	return out, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// TotalsQuery asks for the sums of some elements over the counted
// submissions of one period in a unit's subtree.
type TotalsQuery struct {
	PeriodID uint
	RootID   uint
	Elements []string
	// ByChild rolls the sums up to the root's direct children (and the
	// root itself, for its own submissions) instead of the whole subtree.
	ByChild bool
	// Exclude lists submissions left out, e.g. a commune's own report
	// whose villages reported too, so nothing is counted twice.
	Exclude []uint
}

// ElementTotal is Σ of one element's values over units of one area.
type ElementTotal struct {
	UnitID      uint // the root, or with ByChild the child the values roll up to
	ElementCode string
	Area        string
	Sum         float64
	Count       int // how many units answered (non-empty numeric values)
}

type totalScan struct {
	GroupPath   string
	ElementCode string
	Area        string
	Total       float64
	Answered    int
}

// ElementTotals sums element values over the submitted (or approved)
// submissions of the period in the root's subtree, per element and unit
// area, in one aggregate query. Values that are not plain numbers (text,
// choices) are not counted.
func (s *Store) ElementTotals(ctx context.Context, q TotalsQuery) ([]ElementTotal, error) {
	root, err := s.Unit(ctx, q.RootID)
	if err != nil {
		return nil, err
	}
	if len(q.Elements) == 0 {
		return nil, nil
	}
	group := "'" + root.Path + "'" // paths hold only digits and slashes
	if q.ByChild {
		group = s.childPathExpr(len(root.Path))
	}
	num := s.numericExpr("dv.value")
	db := s.db.WithContext(ctx).Table("submissions AS s").
		Select(group+" AS group_path, dv.element_code AS element_code, u.area AS area, "+
			"SUM("+num+") AS total, COUNT("+num+") AS answered").
		Joins("JOIN org_units u ON u.id = s.unit_id").
		Joins("JOIN data_values dv ON dv.submission_id = s.id").
		Where("s.period_id = ? AND s.status IN ? AND u.path LIKE ?", q.PeriodID, CountedStatuses, likePrefix(root.Path)).
		Where("dv.element_code IN ?", q.Elements)
	if len(q.Exclude) > 0 {
		db = db.Where("s.id NOT IN ?", q.Exclude)
	}
	groupBy := "dv.element_code, u.area"
	if q.ByChild {
		groupBy = "group_path, " + groupBy
	}
	var scans []totalScan
	if err := db.Group(groupBy).Scan(&scans).Error; err != nil {
		return nil, fmt.Errorf("element totals of period %d under %d: %w", q.PeriodID, q.RootID, err)
	}
	out := make([]ElementTotal, 0, len(scans))
	for _, r := range scans {
		if r.Answered == 0 {
			continue
		}
		out = append(out, ElementTotal{UnitID: lastPathID(r.GroupPath), ElementCode: r.ElementCode,
			Area: r.Area, Sum: r.Total, Count: r.Answered})
	}
	return out, nil
}

// childPathExpr cuts u.path after the segment that follows the root's
// path (of length n): the path of the root's child the unit lies under,
// or the root's own path for the root.
func (s *Store) childPathExpr(n int) string {
	find := "instr"
	if s.postgres {
		find = "strpos"
	}
	l := strconv.Itoa(n)
	return "substr(u.path, 1, " + l + " + " + find + "(substr(u.path, " + l + " + 1), '/'))"
}

// numericExpr reads a stored value as a number, or NULL when it is not a
// canonical number, so one stray text value cannot fail a whole report.
func (s *Store) numericExpr(col string) string {
	if s.postgres {
		return "CASE WHEN " + col + " ~ '^-{0,1}[0-9]+([.][0-9]+){0,1}$' THEN CAST(" + col + " AS double precision) END"
	}
	return "CASE WHEN " + col + " <> '' AND " + col + " NOT GLOB '*[^0-9.-]*' THEN CAST(" + col + " AS REAL) END"
}

// lastPathID reads the last ID of a materialised path ("/1/4/" → 4).
func lastPathID(path string) uint {
	trimmed := strings.TrimSuffix(path, "/")
	id, err := strconv.ParseUint(trimmed[strings.LastIndex(trimmed, "/")+1:], 10, 64)
	if err != nil {
		return 0
	}
	return uint(id)
}
