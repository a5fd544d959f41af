package storage

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Migration 0009: replies waiting to be sent. In webhook mode Telegram is
// answered as soon as an update's effects are saved; the replies are
// stored first, in their own table, so that a process killed before
// sending them sends them when it is back.
type v9PendingReply struct {
	ID        uint      `gorm:"primaryKey"`
	Channel   string    `gorm:"size:16;not null;index:idx_pending_reply_age"`
	ChatID    string    `gorm:"size:128;not null"`
	Payload   []byte    `gorm:"not null"`
	CreatedAt time.Time `gorm:"not null;index:idx_pending_reply_age"`
}

func (v9PendingReply) TableName() string { return "pending_replies" }

func migrateV9(tx *gorm.DB) error {
	if err := tx.Migrator().CreateTable(&v9PendingReply{}); err != nil {
		return fmt.Errorf("pending replies: %w", err)
	}
	return nil
}

func rollbackV9(tx *gorm.DB) error { return tx.Migrator().DropTable("pending_replies") }
