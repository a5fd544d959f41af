package storage

import (
	"context"
	"fmt"
)

// AdminChat is where an active admin can be reached on one channel.
type AdminChat struct {
	UserID   uint
	ChatID   string
	Language string
}

// AdminChats lists the active admins' active identities on channel, for
// operational alerts (a Zalo token that could not be refreshed).
func (s *Store) AdminChats(ctx context.Context, channel string) ([]AdminChat, error) {
	var out []AdminChat
	err := s.db.WithContext(ctx).Table("users").
		Select("users.id AS user_id, identities.chat_id AS chat_id, users.language AS language").
		Joins("JOIN identities ON identities.user_id = users.id").
		Where("users.role = ? AND users.active = ? AND identities.channel = ? AND identities.active = ?",
			RoleAdmin, true, channel, true).
		Order("users.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list admin chats: %w", err)
	}
	return out, nil
}
