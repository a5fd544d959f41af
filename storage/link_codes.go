package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Errors of linking a second channel account, matched with errors.Is.
var (
	ErrLinkUnknown = errors.New("link code unknown")
	ErrLinkUsed    = errors.New("link code already used")
	ErrLinkExpired = errors.New("link code expired")
	// ErrLinkSameChannel: the user already has an account on that channel.
	ErrLinkSameChannel = errors.New("user already has an account on this channel")
)

// LinkCodeLen is the length of a link code: 8 Crockford base32 characters
// (40 random bits), short enough to type on a phone, and guessing is
// throttled like invite codes.
const LinkCodeLen = 8

// AuditIdentityLinked is the audit action of binding a second account.
const AuditIdentityLinked = "identity_linked"

// LinkCode lets a user who has joined on one channel bind an account on
// another channel to the same user: made on the first, typed on the other.
type LinkCode struct {
	ID          uint   `gorm:"primaryKey"`
	Code        string `gorm:"size:16;uniqueIndex;not null"`
	UserID      uint   `gorm:"not null;index"`
	Channel     string `gorm:"size:16;not null"` // where it was made
	ExpiresAt   time.Time
	UsedAt      *time.Time
	UsedChannel string `gorm:"size:16;not null;default:''"`
	CreatedAt   time.Time
}

// TableName keeps the table name stable whatever the struct is called.
func (LinkCode) TableName() string { return "link_codes" }

// CreateLinkCode makes a fresh code for userID, valid for ttl; the user's
// earlier unused codes stop working, so only the newest one shown counts.
func (s *Store) CreateLinkCode(ctx context.Context, userID uint, channel string, ttl time.Duration, now time.Time) (string, error) {
	full, err := NewInviteCode()
	if err != nil {
		return "", fmt.Errorf("create link code: %w", err)
	}
	row := LinkCode{Code: full[:LinkCodeLen], UserID: userID, Channel: channel,
		ExpiresAt: dbTime(now.Add(ttl)), CreatedAt: dbTime(now)}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ? AND used_at IS NULL", userID).Delete(&LinkCode{}).Error; err != nil {
			return fmt.Errorf("retire old codes: %w", err)
		}
		return tx.Create(&row).Error
	})
	if err != nil {
		return "", fmt.Errorf("create link code: %w", err)
	}
	return row.Code, nil
}

// RedeemLinkCode binds the channel account (channel, externalID) to the
// user who made code, in one transaction: the code is claimed race-safely
// and the binding audited. Errors: ErrLinkUnknown, ErrLinkUsed,
// ErrLinkExpired, ErrAlreadyJoined (the account is bound already),
// ErrLinkSameChannel.
func (s *Store) RedeemLinkCode(ctx context.Context, code, channel, externalID, chatID string, now time.Time) (*User, error) {
	code = NormaliseInviteCode(code)
	var user User
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		link, err := usableLink(tx, code, channel, externalID, now)
		if err != nil {
			return err
		}
		if err := tx.Where("id = ? AND active = ?", link.UserID, true).First(&user).Error; err != nil {
			return notFound(err, "linking user")
		}
		var same int64
		if err := tx.Model(&Identity{}).Where("user_id = ? AND channel = ?", user.ID, channel).Count(&same).Error; err != nil {
			return fmt.Errorf("find identities: %w", err)
		}
		if same > 0 {
			return ErrLinkSameChannel
		}
		res := tx.Model(&LinkCode{}).Where("id = ? AND used_at IS NULL", link.ID).
			Updates(map[string]any{"used_at": dbTime(now), "used_channel": channel})
		if res.Error != nil {
			return fmt.Errorf("claim link code: %w", res.Error)
		}
		if res.RowsAffected != 1 {
			return ErrLinkUsed
		}
		if err := bindIdentity(tx, user.ID, RedeemRequest{Channel: channel, ExternalID: externalID, ChatID: chatID, Now: now}); err != nil {
			return err
		}
		return audit(tx, AuditEntry{At: now, UserID: user.ID, Channel: channel, Action: AuditIdentityLinked,
			Entity: EntityUser, EntityID: user.ID, Field: "channel", OldValue: link.Channel, NewValue: channel})
	})
	if err != nil {
		return nil, fmt.Errorf("redeem link code: %w", err)
	}
	return &user, nil
}

// usableLink finds the code and checks, in the order a person can act on,
// that this account may use it.
func usableLink(tx *gorm.DB, code, channel, externalID string, now time.Time) (*LinkCode, error) {
	var link LinkCode
	if len(code) != LinkCodeLen {
		return nil, ErrLinkUnknown
	}
	if err := tx.Where("code = ?", code).First(&link).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrLinkUnknown
		}
		return nil, fmt.Errorf("find link code: %w", err)
	}
	var bound int64
	if err := tx.Model(&Identity{}).Where("channel = ? AND external_id = ?", channel, externalID).Count(&bound).Error; err != nil {
		return nil, fmt.Errorf("find identity: %w", err)
	}
	switch {
	case bound > 0:
		return nil, ErrAlreadyJoined
	case link.UsedAt != nil:
		return nil, ErrLinkUsed
	case !now.Before(link.ExpiresAt):
		return nil, ErrLinkExpired
	}
	return &link, nil
}
