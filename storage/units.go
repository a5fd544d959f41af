package storage

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Unit areas (indicator 4c has separate rural and urban targets).
const (
	AreaRural = "rural"
	AreaUrban = "urban"
)

// UnitRow is one unit as `treembot units list` shows it.
type UnitRow struct {
	ID         uint
	Code       string
	Name       string
	Level      string
	ParentCode string // "" for a root
	Area       string
	Path       string
	Depth      int // 0 for a root
}

// Unit returns one org unit by ID.
func (s *Store) Unit(ctx context.Context, id uint) (*OrgUnit, error) {
	var u OrgUnit
	if err := s.db.WithContext(ctx).First(&u, id).Error; err != nil {
		return nil, notFound(err, fmt.Sprintf("unit %d", id))
	}
	return &u, nil
}

// UnitByCode returns one org unit by its code ("VQ-XL").
func (s *Store) UnitByCode(ctx context.Context, code string) (*OrgUnit, error) {
	var u OrgUnit
	if err := s.db.WithContext(ctx).Where("code = ?", code).First(&u).Error; err != nil {
		return nil, notFound(err, fmt.Sprintf("unit %q", code))
	}
	return &u, nil
}

// RootUnits lists the active units with no parent, by code: the tops of
// the trees every period is shared by.
func (s *Store) RootUnits(ctx context.Context) ([]OrgUnit, error) {
	var out []OrgUnit
	if err := s.db.WithContext(ctx).Where("parent_id IS NULL AND active = ?", true).Order("code").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("root units: %w", err)
	}
	return out, nil
}

// Subtree returns the unit and everything under it, parents before
// children.
func (s *Store) Subtree(ctx context.Context, unitID uint) ([]OrgUnit, error) {
	root, err := s.Unit(ctx, unitID)
	if err != nil {
		return nil, err
	}
	var units []OrgUnit
	err = s.db.WithContext(ctx).Where("path LIKE ?", likePrefix(root.Path)).Find(&units).Error
	if err != nil {
		return nil, fmt.Errorf("subtree of unit %d: %w", unitID, err)
	}
	sortByPath(units)
	return units, nil
}

// ListUnits lists the unit named by underCode and everything under it
// ("" = the whole tree), parents before children.
func (s *Store) ListUnits(ctx context.Context, underCode string) ([]UnitRow, error) {
	db := s.db.WithContext(ctx)
	var units []OrgUnit
	if underCode == "" {
		if err := db.Find(&units).Error; err != nil {
			return nil, fmt.Errorf("list units: %w", err)
		}
	} else {
		root, err := s.UnitByCode(ctx, underCode)
		if err != nil {
			return nil, err
		}
		if units, err = s.Subtree(ctx, root.ID); err != nil {
			return nil, err
		}
	}
	codes, err := s.unitCodes(ctx, units)
	if err != nil {
		return nil, err
	}
	sortByPath(units)
	rows := make([]UnitRow, 0, len(units))
	for _, u := range units {
		row := UnitRow{ID: u.ID, Code: u.Code, Name: u.Name, Level: u.Level,
			Area: u.Area, Path: u.Path, Depth: strings.Count(u.Path, "/") - 2}
		if u.ParentID != nil {
			row.ParentCode = codes[*u.ParentID]
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// unitCodes maps the parents of units to their codes.
func (s *Store) unitCodes(ctx context.Context, units []OrgUnit) (map[uint]string, error) {
	ids := make([]uint, 0, len(units))
	for _, u := range units {
		if u.ParentID != nil {
			ids = append(ids, *u.ParentID)
		}
	}
	codes := make(map[uint]string, len(ids))
	for start := 0; start < len(ids); start += 500 {
		var parents []OrgUnit
		batch := ids[start:min(start+500, len(ids))]
		err := s.db.WithContext(ctx).Select("id", "code").Where("id IN ?", batch).Find(&parents).Error
		if err != nil {
			return nil, fmt.Errorf("parent codes: %w", err)
		}
		for _, p := range parents {
			codes[p.ID] = p.Code
		}
	}
	return codes, nil
}

// sortByPath orders units depth-first. It sorts by bytes in Go because
// PostgreSQL's default collation ignores "/" and would interleave subtrees.
func sortByPath(units []OrgUnit) {
	sort.Slice(units, func(i, j int) bool { return units[i].Path < units[j].Path })
}

// childPath is the materialised path of a unit with the given ID under a
// parent with the given path ("" for a root).
func childPath(parentPath string, id uint) string {
	if parentPath == "" {
		parentPath = "/"
	}
	return parentPath + utoa(id) + "/"
}

// likePrefix escapes nothing: paths hold only digits and slashes.
func likePrefix(path string) string { return path + "%" }

// validLevel reports whether level is one of the known unit levels.
func validLevel(level string) bool {
	switch level {
	case LevelProvince, LevelDistrict, LevelGrouping, LevelCommune, LevelVillage:
		return true
	}
	return false
}

// validArea reports whether area is rural or urban.
func validArea(area string) bool { return area == AreaRural || area == AreaUrban }
