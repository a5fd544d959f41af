package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// RedeemInvite uses an invite code: it creates the user and binds the
// channel account in one transaction. Two people racing for one code:
// the conditional update lets exactly one win, the other gets
// ErrInviteUsed. Errors: ErrInviteUnknown, ErrInviteUsed,
// ErrInviteExpired, ErrAlreadyJoined.
func (s *Store) RedeemInvite(ctx context.Context, req RedeemRequest) (*User, error) {
	code := NormaliseInviteCode(req.Code)
	if code == "" || req.Channel == "" || req.ExternalID == "" {
		return nil, fmt.Errorf("redeem invite: %w", ErrInviteUnknown)
	}
	var user User
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		inv, err := usableInvite(tx, code, req)
		if err != nil {
			return err
		}
		user = User{Name: userName(req.Name), Role: inv.Role, UnitID: inv.UnitID, OfficeID: inv.OfficeID,
			Language: userLanguage(req.Language), Active: true,
			CreatedAt: dbTime(req.Now), UpdatedAt: dbTime(req.Now)}
		if err := tx.Create(&user).Error; err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		if err := claimInvite(tx, inv, user.ID, req); err != nil {
			return err
		}
		return bindIdentity(tx, user.ID, req)
	})
	if err != nil {
		return nil, fmt.Errorf("redeem invite: %w", err)
	}
	return &user, nil
}

// usableInvite finds the invite and checks, in the order a person can act
// on, that it can still be used by this account.
func usableInvite(tx *gorm.DB, code string, req RedeemRequest) (*Invite, error) {
	var inv Invite
	if err := tx.Where("code = ?", code).First(&inv).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrInviteUnknown
		}
		return nil, fmt.Errorf("find invite: %w", err)
	}
	var bound int64
	err := tx.Model(&Identity{}).Where("channel = ? AND external_id = ?", req.Channel, req.ExternalID).Count(&bound).Error
	if err != nil {
		return nil, fmt.Errorf("find identity: %w", err)
	}
	switch {
	case bound > 0:
		return nil, ErrAlreadyJoined
	case inv.UsedAt != nil:
		return nil, ErrInviteUsed
	case !req.Now.Before(inv.ExpiresAt):
		return nil, ErrInviteExpired
	}
	return &inv, nil
}

// claimInvite marks the invite used only if nobody has used it meanwhile;
// the WHERE clause, not the earlier read, is what makes this race-safe.
func claimInvite(tx *gorm.DB, inv *Invite, userID uint, req RedeemRequest) error {
	res := tx.Model(&Invite{}).Where("id = ? AND used_at IS NULL", inv.ID).
		Updates(map[string]any{"used_at": dbTime(req.Now), "used_by": userID})
	if res.Error != nil {
		return fmt.Errorf("claim invite: %w", res.Error)
	}
	if res.RowsAffected != 1 {
		return ErrInviteUsed
	}
	return audit(tx, AuditEntry{At: req.Now, UserID: userID, Channel: req.Channel, Action: AuditInviteUsed,
		Entity: EntityInvite, EntityID: inv.ID, Field: "used_by", NewValue: utoa(userID)})
}

func bindIdentity(tx *gorm.DB, userID uint, req RedeemRequest) error {
	now := dbTime(req.Now)
	chat := req.ChatID
	if chat == "" {
		chat = req.ExternalID
	}
	ident := Identity{UserID: userID, Channel: req.Channel, ExternalID: req.ExternalID,
		ChatID: chat, Active: true, LastSeenAt: &now, CreatedAt: now}
	if err := tx.Create(&ident).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return ErrAlreadyJoined // the same account redeemed another code at the same moment
		}
		return fmt.Errorf("bind identity: %w", err)
	}
	return nil
}

func userName(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return "?"
	}
	if len(name) > 255 {
		name = strings.ToValidUTF8(name[:255], "")
	}
	return name
}

func userLanguage(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), LangEN) {
		return LangEN
	}
	return LangVI
}
