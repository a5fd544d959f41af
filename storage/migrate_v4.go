package storage

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// The v4 additions, frozen: the Zalo Official Account's token pair and the
// one-time codes that link a second channel account to a user, as they
// were when migration 0004 shipped. Never edit these; add a migration.

type v4ZaloToken struct {
	ID           uint      `gorm:"primaryKey"`
	AppID        string    `gorm:"size:64;uniqueIndex;not null"`
	AccessToken  string    `gorm:"type:text;not null"`
	RefreshToken string    `gorm:"type:text;not null"`
	ExpiresAt    time.Time `gorm:"not null"`
	SeedHash     string    `gorm:"size:64;not null"`
	RefreshedAt  *time.Time
	UpdatedAt    time.Time
}

func (v4ZaloToken) TableName() string { return "zalo_tokens" }

type v4LinkCode struct {
	ID          uint      `gorm:"primaryKey"`
	Code        string    `gorm:"size:16;uniqueIndex;not null"`
	UserID      uint      `gorm:"not null;index"`
	Channel     string    `gorm:"size:16;not null"`
	ExpiresAt   time.Time `gorm:"not null"`
	UsedAt      *time.Time
	UsedChannel string `gorm:"size:16;not null;default:''"`
	CreatedAt   time.Time
}

func (v4LinkCode) TableName() string { return "link_codes" }

func migrateV4(tx *gorm.DB) error {
	if err := tx.AutoMigrate(&v4ZaloToken{}, &v4LinkCode{}); err != nil {
		return fmt.Errorf("create zalo tables: %w", err)
	}
	return nil
}

func rollbackV4(tx *gorm.DB) error {
	for _, t := range []any{&v4LinkCode{}, &v4ZaloToken{}} {
		if err := tx.Migrator().DropTable(t); err != nil {
			return fmt.Errorf("drop table: %w", err)
		}
	}
	return nil
}
