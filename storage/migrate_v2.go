package storage

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// The v2 additions, frozen: reminder rules and the reminder outbox as they
// were when migration 0002 shipped. Never edit these; add a migration.

type v2ReminderRule struct {
	ID          uint   `gorm:"primaryKey"`
	Code        string `gorm:"size:32;uniqueIndex;not null"`
	Kind        string `gorm:"size:16;not null"`
	OffsetDays  int    `gorm:"not null"`
	RepeatDays  int    `gorm:"not null"`
	SendFrom    string `gorm:"size:5;not null"`
	SendUntil   string `gorm:"size:5;not null"`
	OfficeCodes string `gorm:"size:255;not null"`
	Active      bool   `gorm:"not null"`
	UpdatedAt   time.Time
}

func (v2ReminderRule) TableName() string { return "reminder_rules" }

type v2OutboxMessage struct {
	ID            uint      `gorm:"primaryKey"`
	Key           string    `gorm:"column:outbox_key;size:191;uniqueIndex;not null"`
	RuleCode      string    `gorm:"size:32;not null;index:idx_outbox_slot;index:idx_outbox_rule_status"`
	Kind          string    `gorm:"size:16;not null"`
	PeriodID      uint      `gorm:"not null"`
	PeriodCode    string    `gorm:"size:16;not null;index:idx_outbox_slot"`
	Occurrence    int64     `gorm:"not null;index:idx_outbox_slot"`
	UserID        uint      `gorm:"not null;index"`
	UnitID        uint      `gorm:"not null"`
	Lang          string    `gorm:"size:8;not null"`
	Channel       string    `gorm:"size:16;not null"`
	ExternalID    string    `gorm:"size:128;not null"`
	ChatID        string    `gorm:"size:128;not null"`
	Text          string    `gorm:"type:text;not null"`
	ButtonLabel   string    `gorm:"size:255;not null"`
	ButtonData    string    `gorm:"size:64;not null"`
	SendFrom      int       `gorm:"not null"`
	SendUntil     int       `gorm:"not null"`
	Status        string    `gorm:"size:16;not null;index:idx_outbox_ready;index:idx_outbox_rule_status"`
	Attempts      int       `gorm:"not null"`
	NextAttemptAt time.Time `gorm:"not null;index:idx_outbox_ready"`
	ExpiresAt     time.Time `gorm:"not null"`
	ClaimToken    string    `gorm:"size:64;not null;index"`
	LeaseUntil    *time.Time
	LastError     string `gorm:"size:1024;not null"`
	SentAt        *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (v2OutboxMessage) TableName() string { return "outbox_messages" }

func migrateV2(tx *gorm.DB) error {
	if err := tx.AutoMigrate(&v2ReminderRule{}, &v2OutboxMessage{}); err != nil {
		return fmt.Errorf("create reminder tables: %w", err)
	}
	return nil
}

func rollbackV2(tx *gorm.DB) error {
	for _, t := range []any{&v2OutboxMessage{}, &v2ReminderRule{}} {
		if err := tx.Migrator().DropTable(t); err != nil {
			return fmt.Errorf("drop table: %w", err)
		}
	}
	return nil
}
