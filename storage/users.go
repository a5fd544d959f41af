package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"
)

// Languages a user can choose.
const (
	LangVI = "vi"
	LangEN = "en"
)

// User returns one user by ID.
func (s *Store) User(ctx context.Context, id uint) (*User, error) {
	var u User
	if err := s.db.WithContext(ctx).First(&u, id).Error; err != nil {
		return nil, notFound(err, fmt.Sprintf("user %d", id))
	}
	return &u, nil
}

// UserByIdentity finds the active user bound to a channel account. Every
// update asks it, so the row is read by hand rather than through GORM's
// join builder and reflective scan, which made it a tenth of an update's
// allocations.
func (s *Store) UserByIdentity(ctx context.Context, channel, externalID string) (*User, error) {
	var u User
	var id, unit int64
	var office sql.NullInt64
	err := s.db.WithContext(ctx).Raw("SELECT users.id, users.name, users.role, users.unit_id, users.office_id, "+
		"users.language, users.active, users.created_at, users.updated_at, users.title FROM users "+
		"JOIN identities ON identities.user_id = users.id "+
		"WHERE identities.channel = ? AND identities.external_id = ? AND users.active = ? LIMIT 1",
		channel, externalID, true).Row().
		Scan(&id, &u.Name, &u.Role, &unit, &office, &u.Language, &u.Active, &u.CreatedAt, &u.UpdatedAt, &u.Title)
	if errors.Is(err, sql.ErrNoRows) {
		err = gorm.ErrRecordNotFound
	}
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("user of %s identity", channel))
	}
	u.ID, u.UnitID, u.OfficeID = uint(id), uint(unit), nullID(office)
	return &u, nil
}

// TouchIdentity records that the identity was seen now, from chatID, and
// marks it active again (a user who blocked the bot and came back).
func (s *Store) TouchIdentity(ctx context.Context, channel, externalID, chatID string, now time.Time) error {
	res := s.oneStatement(ctx).Model(&Identity{}).
		Where("channel = ? AND external_id = ?", channel, externalID).
		Updates(map[string]any{"chat_id": chatID, "active": true, "last_seen_at": dbTime(now)})
	if res.Error != nil {
		return fmt.Errorf("touch %s identity: %w", channel, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("touch %s identity: %w", channel, ErrNotFound)
	}
	return nil
}

// SetIdentityActive marks a channel account reachable or not (the channel
// refused delivery, e.g. the user blocked the bot).
func (s *Store) SetIdentityActive(ctx context.Context, channel, externalID string, active bool) error {
	res := s.db.WithContext(ctx).Model(&Identity{}).
		Where("channel = ? AND external_id = ?", channel, externalID).
		Update("active", active)
	if res.Error != nil {
		return fmt.Errorf("set %s identity active: %w", channel, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("set %s identity active: %w", channel, ErrNotFound)
	}
	return nil
}

// IdentitiesOfUser lists the channel accounts bound to a user.
func (s *Store) IdentitiesOfUser(ctx context.Context, userID uint) ([]Identity, error) {
	var ids []Identity
	if err := s.db.WithContext(ctx).Where("user_id = ?", userID).Order("id").Find(&ids).Error; err != nil {
		return nil, fmt.Errorf("identities of user %d: %w", userID, err)
	}
	return ids, nil
}

// SetUserLanguage changes a user's language ("vi" or "en"), audited.
func (s *Store) SetUserLanguage(ctx context.Context, userID uint, lang string) error {
	if lang != LangVI && lang != LangEN {
		return fmt.Errorf("set language of user %d: %q is not vi or en", userID, lang)
	}
	return s.setUserField(ctx, userID, "language", lang, AuditLanguageSet)
}

// SetUserTitle records how the person wants to be addressed: TitleAnh,
// TitleChi, or "" (no title), audited.
func (s *Store) SetUserTitle(ctx context.Context, userID uint, title string) error {
	if title != TitleAnh && title != TitleChi && title != "" {
		return fmt.Errorf("set title of user %d: %q is not anh, chi or empty", userID, title)
	}
	return s.setUserField(ctx, userID, "title", title, AuditTitleSet)
}

// setUserField changes one of a user's own settings (a column holding a
// string) and audits the change; setting the value it has writes nothing.
func (s *Store) setUserField(ctx context.Context, userID uint, field, value, action string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var old string
		res := tx.Model(&User{}).Where("id = ?", userID).Select(field).Scan(&old)
		if res.Error != nil {
			return fmt.Errorf("set %s of user %d: %w", field, userID, res.Error)
		}
		if res.RowsAffected == 0 {
			return notFound(gorm.ErrRecordNotFound, fmt.Sprintf("set %s of user %d", field, userID))
		}
		if old == value {
			return nil
		}
		if err := tx.Model(&User{}).Where("id = ?", userID).Update(field, value).Error; err != nil {
			return fmt.Errorf("set %s of user %d: %w", field, userID, err)
		}
		return audit(tx, AuditEntry{At: s.clock(), UserID: userID, Action: action,
			Entity: EntityUser, EntityID: userID, Field: field, OldValue: old, NewValue: value})
	})
}

// UsersOfUnits lists the active users whose home unit is one of unitIDs,
// with their role, for reminders and alerts.
func (s *Store) UsersOfUnits(ctx context.Context, unitIDs []uint) ([]User, error) {
	var us []User
	if len(unitIDs) == 0 {
		return us, nil
	}
	err := s.db.WithContext(ctx).Where("unit_id IN ? AND active = ?", unitIDs, true).Order("id").Find(&us).Error
	if err != nil {
		return nil, fmt.Errorf("users of units: %w", err)
	}
	return us, nil
}

// TerminalUser is a user reachable through the terminal channel, as
// `treembot chat --as ROLE --unit CODE` needs it.
type TerminalUser struct {
	ID         uint // the user's ID
	Name       string
	Role       string
	Language   string
	UnitID     uint
	UnitCode   string
	OfficeCode string
	ExternalID string // the terminal identity to talk as
}

// TerminalUser finds an active user with a terminal identity and the given
// role whose unit (or, for officials, office) has code ("" = the first such
// user in tree order). None: ErrNotFound.
func (s *Store) TerminalUser(ctx context.Context, role, code string) (*TerminalUser, error) {
	var rows []TerminalUser
	db := s.db.WithContext(ctx).Table("identities").
		Select("users.id AS id, users.name AS name, users.role AS role, users.language AS language, "+
			"users.unit_id AS unit_id, org_units.code AS unit_code, COALESCE(offices.code, '') AS office_code, "+
			"identities.external_id AS external_id").
		Joins("JOIN users ON users.id = identities.user_id").
		Joins("JOIN org_units ON org_units.id = users.unit_id").
		Joins("LEFT JOIN offices ON offices.id = users.office_id").
		Where("identities.channel = ? AND users.role = ? AND users.active = ?", DemoChannel, role, true)
	if code != "" {
		db = db.Where("org_units.code = ? OR offices.code = ?", code, code)
	}
	if err := db.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("terminal user %s %s: %w", role, code, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("terminal user %s %s: %w", role, code, ErrNotFound)
	}
	// Sorted in Go (unit code, office code, ID) so the default is the same
	// on PostgreSQL and SQLite.
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.UnitCode != b.UnitCode {
			return a.UnitCode < b.UnitCode
		}
		if a.OfficeCode != b.OfficeCode {
			return a.OfficeCode < b.OfficeCode
		}
		return a.ID < b.ID
	})
	return &rows[0], nil
}
