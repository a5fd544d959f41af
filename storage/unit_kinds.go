package storage

import "fmt"

// Unit kinds, top down. A child's kind is always below its parent's; a
// deployment may skip a kind (since the 2025 reform: province → commune →
// village, or the former district kept as a grouping).
var unitKindRank = map[string]int{
	LevelProvince: 0,
	LevelDistrict: 1,
	LevelGrouping: 1,
	LevelCommune:  2,
	LevelVillage:  3,
}

// LevelGrouping is a former district kept to group communes after the
// 2025 reform.
const LevelGrouping = "grouping"

// KindBelow reports whether a unit of kind child may sit under one of kind
// parent.
func KindBelow(child, parent string) bool {
	c, okc := unitKindRank[child]
	p, okp := unitKindRank[parent]
	return okc && okp && c > p
}

// roleLevels are the unit kinds each role sits on: a collaborator on a
// village, a commune officer on a commune, an official on the office's
// district (or province, or grouping), an admin on a province, district or
// grouping.
var roleLevels = map[string][]string{
	RoleCollaborator:   {LevelVillage},
	RoleCommuneOfficer: {LevelCommune},
	RoleOfficial:       {LevelProvince, LevelDistrict, LevelGrouping},
	RoleAdmin:          {LevelProvince, LevelDistrict, LevelGrouping},
}

// RoleLevelError says a role cannot sit on a unit of that kind.
type RoleLevelError struct {
	Role, Level string
	Allowed     []string
}

func (e *RoleLevelError) Error() string {
	return fmt.Sprintf("a %s sits on a unit of kind %v, not on a %s", e.Role, e.Allowed, e.Level)
}

// checkRoleLevel refuses a role on a unit of the wrong kind.
func checkRoleLevel(role, level string) error {
	for _, l := range roleLevels[role] {
		if l == level {
			return nil
		}
	}
	return &RoleLevelError{Role: role, Level: level, Allowed: roleLevels[role]}
}
