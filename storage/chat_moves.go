package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// MoveChat records that a channel's chat now lives under another id (a
// Telegram group that became a supergroup): the identities reached there
// and the reminders still queued for it follow. It reports how many rows
// moved.
func (s *Store) MoveChat(ctx context.Context, channel, from, to string) (int64, error) {
	var moved int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Identity{}).Where("channel = ? AND chat_id = ?", channel, from).Update("chat_id", to)
		if res.Error != nil {
			return res.Error
		}
		moved += res.RowsAffected
		res = tx.Model(&OutboxMessage{}).
			Where("channel = ? AND chat_id = ? AND status IN ?", channel, from, []string{OutboxQueued, OutboxSending}).
			Update("chat_id", to)
		moved += res.RowsAffected
		return res.Error
	})
	if err != nil {
		return 0, fmt.Errorf("move %s chat: %w", channel, err)
	}
	return moved, nil
}
