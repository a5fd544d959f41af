package storage

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// RenameUnit gives a unit a new name; its code, place in the tree and
// history stay. Audited.
func (s *Store) RenameUnit(ctx context.Context, code, name string, now time.Time) (*OrgUnit, error) {
	code, name = strings.ToUpper(strings.TrimSpace(code)), strings.TrimSpace(name)
	if name == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > 255 {
		return nil, fmt.Errorf("rename %s: a name has 1 to 255 characters of UTF-8 text", code)
	}
	var u OrgUnit
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("code = ?", code).First(&u).Error; err != nil {
			return notFound(err, fmt.Sprintf("unit %q", code))
		}
		if u.Name == name {
			return nil
		}
		old := u.Name
		if err := tx.Model(&u).Updates(map[string]any{"name": name, "updated_at": dbTime(now)}).Error; err != nil {
			return fmt.Errorf("save name: %w", err)
		}
		return audit(tx, AuditEntry{At: now, Channel: mergeChannelAudit, Action: AuditUnitRenamed, Entity: EntityUnit,
			EntityID: u.ID, Field: "name", OldValue: old, NewValue: name})
	})
	if err != nil {
		return nil, fmt.Errorf("rename %s: %w", code, err)
	}
	return &u, nil
}

// CloseUnit stops a unit taking reports from on: it keeps the periods that
// end before on, with what it reported. A unit that still has units under
// it or people on it is refused (move them, or merge the unit instead), as
// is one that sent a report for a period ending on or after on. Its unused
// invites expire. Audited.
func (s *Store) CloseUnit(ctx context.Context, code string, on, now time.Time) (*OrgUnit, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	var u OrgUnit
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("code = ?", code).First(&u).Error; err != nil {
			return notFound(err, fmt.Sprintf("unit %q", code))
		}
		if !u.Active {
			return fmt.Errorf("%s no longer takes reports (merged or closed)", code)
		}
		if err := refuseOccupied(tx, u); err != nil {
			return err
		}
		if err := refuseSentAfter(tx, []OrgUnit{u}, on); err != nil {
			return err
		}
		end := dbTime(on)
		if err := tx.Model(&u).Updates(map[string]any{"active": false, "ends_on": end, "updated_at": dbTime(now)}).Error; err != nil {
			return fmt.Errorf("close: %w", err)
		}
		u.Active, u.EndsOn = false, &end
		err := tx.Model(&Invite{}).Where("unit_id = ? AND used_at IS NULL AND expires_at > ?", u.ID, dbTime(now)).
			Update("expires_at", dbTime(now)).Error
		if err != nil {
			return fmt.Errorf("expire invites: %w", err)
		}
		return audit(tx, AuditEntry{At: now, Channel: mergeChannelAudit, Action: AuditUnitClosed, Entity: EntityUnit,
			EntityID: u.ID, Field: "ends_on", NewValue: end.Format(time.RFC3339)})
	})
	if err != nil {
		return nil, fmt.Errorf("close %s: %w", code, err)
	}
	return &u, nil
}

// refuseOccupied refuses to close a unit that open units sit under or
// active people sit on.
func refuseOccupied(tx *gorm.DB, u OrgUnit) error {
	var children, people int64
	if err := tx.Model(&OrgUnit{}).Where("parent_id = ? AND active = ?", u.ID, true).Count(&children).Error; err != nil {
		return fmt.Errorf("units under %s: %w", u.Code, err)
	}
	if err := tx.Model(&User{}).Where("unit_id = ? AND active = ?", u.ID, true).Count(&people).Error; err != nil {
		return fmt.Errorf("people of %s: %w", u.Code, err)
	}
	if children > 0 || people > 0 {
		return fmt.Errorf("%s still has %d open units under it and %d people on it: move them first, or merge %s into another unit",
			u.Code, children, people, u.Code)
	}
	return nil
}
