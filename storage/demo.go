package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// DemoChannel is the channel demo identities are bound to.
const DemoChannel = "terminal"

// DemoOptions are what SeedDemo needs from its caller.
type DemoOptions struct {
	Now time.Time
}

// DemoUser is one sample person and how to talk as them: run the terminal
// channel as ExternalID.
type DemoUser struct {
	UserID     uint
	Name       string
	Role       string
	UnitCode   string
	OfficeCode string
	Channel    string
	ExternalID string
}

// DemoResult lists the sample units and people SeedDemo made sure exist.
type DemoResult struct {
	Units     int // how many sample units exist
	UnitCodes []string
	Users     []DemoUser
}

// demoUnits is a sample district: a township and two communes, each with a
// few villages (thôn) or streets (phố).
var demoUnits = []unitRecord{
	{code: "VQ", name: "Huyện Văn Quan", level: LevelDistrict, area: AreaRural},
	{code: "VQ-TT", name: "Thị trấn Văn Quan", level: LevelCommune, parent: "VQ", area: AreaUrban},
	{code: "VQ-TT-01", name: "Phố Đức Hinh", level: LevelVillage, parent: "VQ-TT", area: AreaUrban},
	{code: "VQ-TT-02", name: "Phố Tân Xuân", level: LevelVillage, parent: "VQ-TT", area: AreaUrban},
	{code: "VQ-TT-03", name: "Khu Hoàng Văn Thụ", level: LevelVillage, parent: "VQ-TT", area: AreaUrban},
	{code: "VQ-XL", name: "Xã Xuân Long", level: LevelCommune, parent: "VQ", area: AreaRural},
	{code: "VQ-XL-01", name: "Thôn Nà Lùng", level: LevelVillage, parent: "VQ-XL", area: AreaRural},
	{code: "VQ-XL-02", name: "Thôn Bản Khuông", level: LevelVillage, parent: "VQ-XL", area: AreaRural},
	{code: "VQ-XL-03", name: "Thôn Khòn Khuyến", level: LevelVillage, parent: "VQ-XL", area: AreaRural},
	{code: "VQ-TD", name: "Xã Tân Đoàn", level: LevelCommune, parent: "VQ", area: AreaRural},
	{code: "VQ-TD-01", name: "Thôn Pác Làng", level: LevelVillage, parent: "VQ-TD", area: AreaRural},
	{code: "VQ-TD-02", name: "Thôn Nà Pàn", level: LevelVillage, parent: "VQ-TD", area: AreaRural},
}

// demoNames are handed out in order to the demo people.
var demoNames = []string{
	"Hoàng Thị Mai", "Lương Văn Tùng", "Vi Thị Hạnh", "Nông Văn Sơn", "Lăng Thị Thu",
	"Hoàng Văn Quý", "Chu Thị Lan", "Lộc Văn Minh", "Đinh Thị Hoa", "Triệu Văn Hải",
	"Nguyễn Thị Hương", "Bế Văn Thắng", "Hà Thị Nga", "Vy Văn Long", "Mã Thị Duyên",
	"Lâm Văn Khánh", "Phùng Thị Yến",
}

// SeedDemo adds a sample district with communes and villages, and one demo
// person per role and unit (collaborators per village, an officer per
// commune, an official per office, one admin), each bound to a terminal
// identity "demo-<role>-<unit or office code>". Running it again changes
// nothing. Seed must have run first (the officials need the offices).
func (s *Store) SeedDemo(ctx context.Context, opts DemoOptions) (DemoResult, error) {
	var res DemoResult
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		tree, err := loadUnitTree(tx)
		if err != nil {
			return err
		}
		if errs := tree.check(demoUnits); len(errs) > 0 {
			return joinLineErrors(errs)
		}
		if _, err := tree.apply(tx, demoUnits); err != nil {
			return err
		}
		people, err := demoPeople(tx)
		if err != nil {
			return err
		}
		for i, p := range people {
			p.Name = demoNames[i%len(demoNames)]
			if p, err = ensureDemoUser(tx, p, tree, opts.Now); err != nil {
				return err
			}
			res.Users = append(res.Users, p)
		}
		return nil
	})
	if err != nil {
		return DemoResult{}, fmt.Errorf("seed demo: %w", err)
	}
	for _, u := range demoUnits {
		res.UnitCodes = append(res.UnitCodes, u.code)
	}
	res.Units = len(res.UnitCodes)
	return res, nil
}

// demoPeople lists who the demo needs, before names and IDs.
func demoPeople(tx *gorm.DB) ([]DemoUser, error) {
	var people []DemoUser
	add := func(role, unit, office string) {
		key := unit
		if office != "" {
			key = office
		}
		people = append(people, DemoUser{Role: role, UnitCode: unit, OfficeCode: office, Channel: DemoChannel,
			ExternalID: strings.ToLower("demo-" + role + "-" + key)})
	}
	for _, u := range demoUnits {
		switch u.level {
		case LevelVillage:
			add(RoleCollaborator, u.code, "")
		case LevelCommune:
			add(RoleCommuneOfficer, u.code, "")
		}
	}
	var offices []Office
	if err := tx.Order("id").Find(&offices).Error; err != nil {
		return nil, fmt.Errorf("list offices: %w", err)
	}
	if len(offices) == 0 {
		return nil, errors.New("no offices: run seed before the demo")
	}
	for _, o := range offices {
		add(RoleOfficial, demoUnits[0].code, o.Code)
	}
	add(RoleAdmin, demoUnits[0].code, "")
	return people, nil
}

// ensureDemoUser finds the person's identity or creates user and identity.
// An existing demo user keeps their name and language but is put back in
// the demo role and unit.
func ensureDemoUser(tx *gorm.DB, p DemoUser, tree *unitTree, now time.Time) (DemoUser, error) {
	unitID := tree.byCode[p.UnitCode].id
	var officeID *uint
	if p.OfficeCode != "" {
		var o Office
		if err := tx.Where("code = ?", p.OfficeCode).First(&o).Error; err != nil {
			return p, notFound(err, fmt.Sprintf("office %q", p.OfficeCode))
		}
		officeID = &o.ID
	}
	var ident Identity
	err := tx.Where("channel = ? AND external_id = ?", p.Channel, p.ExternalID).First(&ident).Error
	switch {
	case err == nil:
		p.UserID = ident.UserID
		var u User
		if err := tx.First(&u, ident.UserID).Error; err != nil {
			return p, notFound(err, fmt.Sprintf("demo user %s", p.ExternalID))
		}
		p.Name = u.Name
		if u.Role == p.Role && u.UnitID == unitID && equalIDs(u.OfficeID, officeID) && u.Active {
			return p, nil
		}
		err = tx.Model(&u).Updates(map[string]any{"role": p.Role, "unit_id": unitID, "office_id": officeID, "active": true}).Error
		return p, err
	case !errors.Is(err, gorm.ErrRecordNotFound):
		return p, fmt.Errorf("find demo identity: %w", err)
	}
	t := dbTime(now)
	u := User{Name: p.Name, Role: p.Role, UnitID: unitID, OfficeID: officeID, Language: LangVI, Active: true, CreatedAt: t, UpdatedAt: t}
	if err := tx.Create(&u).Error; err != nil {
		return p, fmt.Errorf("create demo user: %w", err)
	}
	p.UserID = u.ID
	ident = Identity{UserID: u.ID, Channel: p.Channel, ExternalID: p.ExternalID, ChatID: p.ExternalID, Active: true, CreatedAt: t}
	if err := tx.Create(&ident).Error; err != nil {
		return p, fmt.Errorf("create demo identity: %w", err)
	}
	return p, audit(tx, AuditEntry{At: now, UserID: u.ID, Channel: p.Channel, Action: AuditUserCreated,
		Entity: EntityUser, EntityID: u.ID, Field: "role", NewValue: p.Role})
}

func equalIDs(a, b *uint) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
