package storage

import (
	"context"
	"fmt"
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

// UserByIdentity finds the active user bound to a channel account.
func (s *Store) UserByIdentity(ctx context.Context, channel, externalID string) (*User, error) {
	var u User
	err := s.db.WithContext(ctx).
		Joins("JOIN identities ON identities.user_id = users.id").
		Where("identities.channel = ? AND identities.external_id = ? AND users.active = ?", channel, externalID, true).
		First(&u).Error
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("user of %s identity", channel))
	}
	return &u, nil
}

// TouchIdentity records that the identity was seen now, from chatID, and
// marks it active again (a user who blocked the bot and came back).
func (s *Store) TouchIdentity(ctx context.Context, channel, externalID, chatID string, now time.Time) error {
	res := s.db.WithContext(ctx).Model(&Identity{}).
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
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var u User
		if err := tx.First(&u, userID).Error; err != nil {
			return notFound(err, fmt.Sprintf("set language of user %d", userID))
		}
		if u.Language == lang {
			return nil
		}
		if err := tx.Model(&u).Update("language", lang).Error; err != nil {
			return fmt.Errorf("set language of user %d: %w", userID, err)
		}
		return audit(tx, AuditEntry{At: s.clock(), UserID: userID, Action: AuditLanguageSet,
			Entity: EntityUser, EntityID: userID, Field: "language", OldValue: u.Language, NewValue: lang})
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
