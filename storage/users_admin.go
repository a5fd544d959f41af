package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Audit actions of the user administration commands.
const (
	AuditUserDeactivated = "user_deactivated"
	AuditUserMoved       = "user_moved"
	AuditIdentityUnbound = "identity_unbound"
)

// ErrAmbiguous is returned when a name matches more than one person.
var ErrAmbiguous = errors.New("more than one person matches")

// UserRow is one person as `treembot user list` shows them.
type UserRow struct {
	ID         uint
	Name       string
	Role       string
	UnitCode   string
	Active     bool
	Identities int
}

// UsersOfUnit lists the people (active or not) whose home unit has
// unitCode, by ID; with name set, only those whose name equals it
// (case-insensitively, spaces trimmed).
func (s *Store) UsersOfUnit(ctx context.Context, unitCode, name string) ([]UserRow, error) {
	unit, err := s.UnitByCode(ctx, unitCode)
	if err != nil {
		return nil, err
	}
	var users []User
	if err := s.db.WithContext(ctx).Where("unit_id = ?", unit.ID).Order("id").Find(&users).Error; err != nil {
		return nil, fmt.Errorf("users of unit %s: %w", unitCode, err)
	}
	var out []UserRow
	for _, u := range users {
		if name != "" && !strings.EqualFold(strings.TrimSpace(u.Name), strings.TrimSpace(name)) {
			continue
		}
		var n int64
		if err := s.db.WithContext(ctx).Model(&Identity{}).Where("user_id = ?", u.ID).Count(&n).Error; err != nil {
			return nil, fmt.Errorf("identities of user %d: %w", u.ID, err)
		}
		out = append(out, UserRow{ID: u.ID, Name: u.Name, Role: u.Role, UnitCode: unit.Code, Active: u.Active, Identities: int(n)})
	}
	return out, nil
}

// UserByName finds the one person named name in the unit: ErrNotFound for
// none, ErrAmbiguous (use the ID) for several.
func (s *Store) UserByName(ctx context.Context, unitCode, name string) (*UserRow, error) {
	rows, err := s.UsersOfUnit(ctx, unitCode, name)
	switch {
	case err != nil:
		return nil, err
	case len(rows) == 0:
		return nil, fmt.Errorf("person %q in unit %s: %w", name, unitCode, ErrNotFound)
	case len(rows) > 1:
		return nil, fmt.Errorf("person %q in unit %s: %w (ids %s)", name, unitCode, ErrAmbiguous, rowIDs(rows))
	}
	return &rows[0], nil
}

func rowIDs(rows []UserRow) string {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = utoa(r.ID)
	}
	return strings.Join(ids, ", ")
}

// DeactivateUser is for someone who left: the bot stops knowing them (no
// form, no reminders) and their chat accounts are unbound, so the same
// phone can join again later with a new invite. The person's row stays,
// so everything they entered stays attributed to them. All audited.
// Deactivating twice changes nothing.
func (s *Store) DeactivateUser(ctx context.Context, userID uint, now time.Time) (*User, error) {
	var u User
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&u, userID).Error; err != nil {
			return notFound(err, fmt.Sprintf("user %d", userID))
		}
		var ids []Identity
		if err := tx.Where("user_id = ?", userID).Find(&ids).Error; err != nil {
			return fmt.Errorf("identities of user %d: %w", userID, err)
		}
		for _, id := range ids {
			if err := tx.Delete(&Identity{}, id.ID).Error; err != nil {
				return fmt.Errorf("unbind identity: %w", err)
			}
			err := audit(tx, AuditEntry{At: now, Action: AuditIdentityUnbound, Entity: EntityUser, EntityID: userID,
				Field: "identity", OldValue: id.Channel + ":" + id.ExternalID})
			if err != nil {
				return err
			}
		}
		if !u.Active {
			return nil
		}
		if err := tx.Model(&u).Updates(map[string]any{"active": false, "updated_at": dbTime(now)}).Error; err != nil {
			return fmt.Errorf("deactivate user %d: %w", userID, err)
		}
		return audit(tx, AuditEntry{At: now, Action: AuditUserDeactivated, Entity: EntityUser, EntityID: userID,
			Field: "active", OldValue: "true", NewValue: "false"})
	})
	if err != nil {
		return nil, fmt.Errorf("deactivate user: %w", err)
	}
	return &u, nil
}

// MoveUser gives an active person a new home unit (they changed commune).
// What they submitted stays with the unit it was for, attributed to them;
// from now on they report for, and see, the new unit. Audited.
func (s *Store) MoveUser(ctx context.Context, userID uint, unitCode string, now time.Time) (*User, error) {
	var u User
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&u, userID).Error; err != nil {
			return notFound(err, fmt.Sprintf("user %d", userID))
		}
		if !u.Active {
			return fmt.Errorf("user %d is deactivated", userID)
		}
		var unit OrgUnit
		if err := tx.Where("code = ?", unitCode).First(&unit).Error; err != nil {
			return notFound(err, fmt.Sprintf("unit %q", unitCode))
		}
		if !unit.Active || unit.MergedIntoID != nil {
			return fmt.Errorf("unit %s no longer takes reports", unitCode)
		}
		if err := checkRoleLevel(u.Role, unit.Level); err != nil {
			return err
		}
		if unit.ID == u.UnitID {
			return nil
		}
		old := u.UnitID
		if err := tx.Model(&u).Updates(map[string]any{"unit_id": unit.ID, "updated_at": dbTime(now)}).Error; err != nil {
			return fmt.Errorf("move user %d: %w", userID, err)
		}
		u.UnitID = unit.ID
		return audit(tx, AuditEntry{At: now, Action: AuditUserMoved, Entity: EntityUser, EntityID: userID,
			Field: "unit_id", OldValue: utoa(old), NewValue: utoa(unit.ID)})
	})
	if err != nil {
		return nil, fmt.Errorf("move user: %w", err)
	}
	return &u, nil
}

// SubmissionCounts counts submissions by status, for the metrics page.
func (s *Store) SubmissionCounts(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		Status string
		N      int
	}
	err := s.db.WithContext(ctx).Model(&Submission{}).Select("status, COUNT(*) AS n").Group("status").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("count submissions: %w", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}
