package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ZaloToken is the Zalo Official Account's OAuth token pair for one app.
// Zalo's refresh tokens are single-use: each refresh returns a new one,
// which must replace the old before anything else can refresh.
type ZaloToken struct {
	ID           uint   `gorm:"primaryKey"`
	AppID        string `gorm:"size:64;uniqueIndex;not null"`
	AccessToken  string `gorm:"type:text;not null"`
	RefreshToken string `gorm:"type:text;not null"`
	ExpiresAt    time.Time
	// SeedHash is the SHA-256 of the refresh token last given in the
	// environment, so a new one given there (after re-authorising the app)
	// is noticed while an old one is not mistaken for news.
	SeedHash    string `gorm:"size:64;not null"`
	RefreshedAt *time.Time
	UpdatedAt   time.Time
}

// TableName keeps the table name stable whatever the struct is called.
func (ZaloToken) TableName() string { return "zalo_tokens" }

// SeedZaloRefreshToken stores the refresh token given in the environment
// (ZALO_OA_REFRESH_TOKEN) when the database holds none for appID, or when
// it differs from the one seeded last: the admin re-authorised the app.
// The same seed again leaves the stored pair alone, since its refresh
// token has rotated since and only the stored one still works. It reports
// whether the seed was stored.
func (s *Store) SeedZaloRefreshToken(ctx context.Context, appID, refreshToken string, now time.Time) (bool, error) {
	if appID == "" || refreshToken == "" {
		return false, errors.New("seed zalo refresh token: app id and token are required")
	}
	sum := sha256.Sum256([]byte(refreshToken))
	hash := hex.EncodeToString(sum[:])
	stored := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row ZaloToken
		err := lockRows(tx, s.postgres).Where("app_id = ?", appID).First(&row).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			row = ZaloToken{AppID: appID}
		case err != nil:
			return fmt.Errorf("find zalo tokens: %w", err)
		case row.SeedHash == hash:
			return nil
		}
		// The access token belongs to the old grant: refresh at once.
		row.AccessToken, row.RefreshToken, row.ExpiresAt = "", refreshToken, time.Time{}
		row.SeedHash, row.UpdatedAt = hash, dbTime(now)
		stored = true
		return tx.Save(&row).Error
	})
	if err != nil {
		return false, fmt.Errorf("seed zalo refresh token: %w", err)
	}
	return stored, nil
}

// ZaloAccessToken returns the stored access token of appID and when it
// expires ("" and the zero time before the first refresh); ErrNotFound
// when no refresh token was ever seeded.
func (s *Store) ZaloAccessToken(ctx context.Context, appID string) (string, time.Time, error) {
	var row ZaloToken
	if err := s.db.WithContext(ctx).Where("app_id = ?", appID).First(&row).Error; err != nil {
		return "", time.Time{}, notFound(err, "zalo tokens")
	}
	return row.AccessToken, row.ExpiresAt, nil
}

// RefreshZaloTokens replaces appID's token pair in one transaction that
// holds its row, so two instances never spend the same single-use refresh
// token. Inside it, when the stored access token is no longer staleAccess
// (the one the caller found expiring or refused) and is valid after
// validAfter, another instance has refreshed meanwhile and that token is
// returned as it is. Otherwise exchange is called with the stored refresh
// token and its new pair is saved before the transaction commits; when it
// fails nothing changes. ErrNotFound: nothing was ever seeded.
func (s *Store) RefreshZaloTokens(ctx context.Context, appID, staleAccess string, validAfter time.Time,
	exchange func(ctx context.Context, refreshToken string) (access, refresh string, expiresAt time.Time, err error),
) (string, time.Time, error) {
	var row ZaloToken
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := lockRows(tx, s.postgres).Where("app_id = ?", appID).First(&row).Error; err != nil {
			return notFound(err, "zalo tokens")
		}
		if row.AccessToken != "" && row.AccessToken != staleAccess && row.ExpiresAt.After(validAfter) {
			return nil
		}
		access, refresh, expires, err := exchange(ctx, row.RefreshToken)
		if err != nil {
			return err
		}
		if access == "" || refresh == "" {
			return errors.New("zalo answered without a token pair")
		}
		now := dbTime(s.clock())
		row.AccessToken, row.RefreshToken, row.ExpiresAt = access, refresh, dbTime(expires)
		row.RefreshedAt, row.UpdatedAt = &now, now
		return tx.Save(&row).Error
	})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("refresh zalo tokens: %w", err)
	}
	return row.AccessToken, row.ExpiresAt, nil
}

// lockRows makes the query take row locks until the transaction ends on
// PostgreSQL; SQLite transactions here are immediate, so the whole
// database is already locked for writing.
func lockRows(tx *gorm.DB, postgres bool) *gorm.DB {
	if postgres {
		return tx.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return tx
}
