package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"gorm.io/gorm"
)

// Audit actions and entity of the unit tree's changes.
const (
	AuditUnitMerged  = "unit_merged"
	AuditUnitRenamed = "unit_renamed"
	AuditUnitClosed  = "unit_closed"
	EntityUnit       = "unit"
)

// MergeRequest merges units into one, as the 2025 reform merged communes:
// from On, Into takes the reports of From; what From reported stays
// theirs and rolls up into Into.
type MergeRequest struct {
	Into   string   // the unit's code: an existing unit, or a new one when Name is set
	Name   string   // a new unit's name
	Parent string   // a new unit's parent code
	Area   string   // a new unit's area; "" = the area From share
	From   []string // the merged units' codes
	On     time.Time
	Now    time.Time
	// Notice is the message each person moved from a unit to Into gets,
	// in their language; nil sends none.
	Notice func(lang string, from, into OrgUnit) string
}

// MergeResult says what a merger did.
type MergeResult struct {
	Into     OrgUnit
	Created  bool
	Children int // units that sat under From and now sit under Into
	People   int
	Invites  int
	Drafts   int         // reports in progress that moved to Into
	Kept     []KeptDraft // reports in progress left with their unit
	Notices  int
}

// KeptDraft is a report in progress a merger left with its unit, and why.
type KeptDraft struct {
	Unit, Period, Form string
	// Before: the period ends before the merger, so the report is still
	// the old unit's (and can be sent); otherwise Into already has a report
	// for that period and form, and this one can no longer be sent.
	Before bool
}

// MergeUnits merges req.From into req.Into in one transaction: the units
// under From move under Into; From sit under Into as merged (no new
// reports from On, their history counted under Into for the periods that
// end before On); their people and unused invites move to Into, each
// person told in their language through the outbox; their reports in
// progress for periods ending on or after On move to Into. A merger that
// would hide a report already sent for such a period is refused.
func (s *Store) MergeUnits(ctx context.Context, req MergeRequest) (*MergeResult, error) {
	req = normaliseMerge(req)
	res := &MergeResult{}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		from, err := mergeSources(tx, req.From)
		if err != nil {
			return err
		}
		if res.Into, res.Created, err = mergeTarget(tx, req, from); err != nil {
			return err
		}
		if err := s.mergeTree(tx, req, from, res); err != nil {
			return err
		}
		return s.mergeMoves(tx, req, from, res)
	})
	if err != nil {
		return nil, fmt.Errorf("merge %s into %s: %w", strings.Join(req.From, ","), req.Into, err)
	}
	return res, nil
}

// mergeSources loads the units to merge: existing, taking reports, all of
// one kind, each named once.
func mergeSources(tx *gorm.DB, codes []string) ([]OrgUnit, error) {
	if len(codes) == 0 {
		return nil, fmt.Errorf("name the units to merge")
	}
	var out []OrgUnit
	seen := map[string]bool{}
	for _, code := range codes {
		if seen[code] {
			return nil, fmt.Errorf("%s is named twice", code)
		}
		seen[code] = true
		var u OrgUnit
		if err := tx.Where("code = ?", code).First(&u).Error; err != nil {
			return nil, notFound(err, fmt.Sprintf("unit %q", code))
		}
		if !u.Active {
			return nil, fmt.Errorf("%s no longer takes reports (merged or closed)", code)
		}
		if len(out) > 0 && u.Level != out[0].Level {
			return nil, fmt.Errorf("%s is a %s and %s a %s: only units of one kind merge", out[0].Code, out[0].Level, code, u.Level)
		}
		out = append(out, u)
	}
	return out, nil
}

// mergeTarget finds Into, or creates it (under Parent, taking reports from
// On) when a name is given.
func mergeTarget(tx *gorm.DB, req MergeRequest, from []OrgUnit) (OrgUnit, bool, error) {
	var into OrgUnit
	err := tx.Where("code = ?", req.Into).First(&into).Error
	exists := err == nil
	switch {
	case err != nil && !errors.Is(err, gorm.ErrRecordNotFound):
		return into, false, fmt.Errorf("find %s: %w", req.Into, err)
	case exists && (req.Name != "" || req.Parent != ""):
		return into, false, fmt.Errorf("%s exists: --name and --parent are for a new unit", req.Into)
	case exists && !into.Active:
		return into, false, fmt.Errorf("%s no longer takes reports (merged or closed)", req.Into)
	case exists && into.Level != from[0].Level:
		return into, false, fmt.Errorf("%s is a %s, not a %s like %s", into.Code, into.Level, from[0].Level, from[0].Code)
	case exists:
		for _, u := range from {
			if u.ID == into.ID {
				return into, false, fmt.Errorf("%s cannot be merged into itself", u.Code)
			}
		}
		return into, false, nil
	}
	into, err = createMergedUnit(tx, req, from)
	return into, err == nil, err
}

// createMergedUnit creates a merger's new unit.
func createMergedUnit(tx *gorm.DB, req MergeRequest, from []OrgUnit) (OrgUnit, error) {
	if err := checkUnitCode(req.Into); err != nil {
		return OrgUnit{}, err
	}
	if req.Name == "" || req.Parent == "" {
		return OrgUnit{}, fmt.Errorf("%s is a new unit: give its --name and --parent", req.Into)
	}
	var parent OrgUnit
	if err := tx.Where("code = ?", req.Parent).First(&parent).Error; err != nil {
		return OrgUnit{}, notFound(err, fmt.Sprintf("parent %q", req.Parent))
	}
	if !parent.Active {
		return OrgUnit{}, fmt.Errorf("parent %s no longer takes reports", parent.Code)
	}
	level := from[0].Level
	if !KindBelow(level, parent.Level) {
		return OrgUnit{}, fmt.Errorf("a %s cannot sit under %s, a %s", level, parent.Code, parent.Level)
	}
	area, err := mergedArea(req.Area, from)
	if err != nil {
		return OrgUnit{}, err
	}
	on := dbTime(req.On)
	u := OrgUnit{Code: req.Into, Name: req.Name, Level: level, ParentID: &parent.ID, Area: area, Active: true, StartsOn: &on}
	if err := tx.Create(&u).Error; err != nil {
		return OrgUnit{}, fmt.Errorf("create %s: %w", req.Into, err)
	}
	u.Path = childPath(parent.Path, u.ID)
	if err := tx.Model(&u).Update("path", u.Path).Error; err != nil {
		return OrgUnit{}, fmt.Errorf("path of %s: %w", req.Into, err)
	}
	return u, nil
}

// mergedArea is the area asked for, or the one the merged units share.
func mergedArea(area string, from []OrgUnit) (string, error) {
	if area != "" {
		if !validArea(area) {
			return "", fmt.Errorf("area %q is not rural or urban", area)
		}
		return area, nil
	}
	for _, u := range from[1:] {
		if u.Area != from[0].Area {
			return "", fmt.Errorf("%s is %s and %s %s: choose the new unit's --area", from[0].Code, from[0].Area, u.Code, u.Area)
		}
	}
	return from[0].Area, nil
}

// checkUnitCode applies the import's rules to a new unit's code (which
// normaliseMerge has upper-cased).
func checkUnitCode(code string) error {
	if code == "" || strings.IndexFunc(code, unicode.IsSpace) >= 0 || len(code) > 64 {
		return fmt.Errorf("code %q: a unit code has 1 to 64 characters and no spaces", code)
	}
	return nil
}

// normaliseMerge upper-cases and trims the codes, as the import does.
func normaliseMerge(req MergeRequest) MergeRequest {
	code := func(c string) string { return strings.ToUpper(strings.TrimSpace(c)) }
	req.Into, req.Parent, req.Name = code(req.Into), code(req.Parent), strings.TrimSpace(req.Name)
	from := make([]string, 0, len(req.From))
	for _, c := range req.From {
		if c = code(c); c != "" {
			from = append(from, c)
		}
	}
	req.From = from
	return req
}

// mergeTree moves From's children under Into, retires From under Into and
// rewrites the paths that changed.
func (s *Store) mergeTree(tx *gorm.DB, req MergeRequest, from []OrgUnit, res *MergeResult) error {
	ids := unitIDs(from)
	if err := refuseSentAfter(tx, from, req.On); err != nil {
		return err
	}
	// Units merged into From earlier stay with them: they are their history.
	moved := tx.Model(&OrgUnit{}).Where("parent_id IN ? AND (merged_into_id IS NULL OR merged_into_id <> parent_id)", ids).
		Updates(map[string]any{"parent_id": res.Into.ID, "updated_at": dbTime(req.Now)})
	if moved.Error != nil {
		return fmt.Errorf("move the units under %v: %w", req.From, moved.Error)
	}
	res.Children = int(moved.RowsAffected)
	on := dbTime(req.On)
	err := tx.Model(&OrgUnit{}).Where("id IN ?", ids).Updates(map[string]any{"parent_id": res.Into.ID,
		"merged_into_id": res.Into.ID, "active": false, "ends_on": on, "updated_at": dbTime(req.Now)}).Error
	if err != nil {
		return fmt.Errorf("retire %v: %w", req.From, err)
	}
	for _, u := range from {
		if err := audit(tx, AuditEntry{At: req.Now, Channel: "cli", Action: AuditUnitMerged, Entity: EntityUnit,
			EntityID: u.ID, Field: "merged_into", NewValue: res.Into.Code + " " + on.Format(time.RFC3339)}); err != nil {
			return err
		}
	}
	tree, err := loadUnitTree(tx)
	if err != nil {
		return err
	}
	_, err = tree.rewritePaths(tx)
	return err
}

func unitIDs(units []OrgUnit) []uint {
	ids := make([]uint, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	return ids
}
