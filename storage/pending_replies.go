package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// PendingReply is a reply saved before the update that caused it was
// acknowledged, and deleted once sent. Payload is the channel's own
// encoding of the messages.
type PendingReply struct {
	ID        uint   `gorm:"primaryKey"`
	Channel   string `gorm:"size:16;not null"`
	ChatID    string `gorm:"size:128;not null"`
	Payload   []byte `gorm:"not null"`
	CreatedAt time.Time
}

// SavePendingReply stores a reply about to be sent and returns its id.
func (s *Store) SavePendingReply(ctx context.Context, channel, chatID string, payload []byte) (uint, error) {
	r := PendingReply{Channel: channel, ChatID: chatID, Payload: payload, CreatedAt: dbTime(s.clock())}
	if err := s.oneStatement(ctx).Create(&r).Error; err != nil {
		return 0, fmt.Errorf("save pending reply: %w", err)
	}
	return r.ID, nil
}

// oneStatement is the database for a write of one statement, which
// commits on its own: without GORM's default transaction around it, which
// costs two more round trips (BEGIN, COMMIT) and nothing else.
func (s *Store) oneStatement(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Session(&gorm.Session{SkipDefaultTransaction: true})
}

// DeletePendingReplies forgets replies once sent, in one statement.
func (s *Store) DeletePendingReplies(ctx context.Context, ids []uint) error {
	if len(ids) == 0 {
		return nil
	}
	if err := s.oneStatement(ctx).Delete(&PendingReply{}, ids).Error; err != nil {
		return fmt.Errorf("delete pending replies: %w", err)
	}
	return nil
}

// TakePendingReplies removes and returns, oldest first, up to limit of the
// channel's replies saved more than olderThan ago (on the store's clock;
// a negative age takes every one), but none of except (the caller's own,
// still on their way): those whose sender died. Each is taken by one
// caller only.
func (s *Store) TakePendingReplies(ctx context.Context, channel string, olderThan time.Duration, limit int,
	except ...uint,
) ([]PendingReply, error) {
	before := s.clock().Add(-olderThan)
	var taken []PendingReply
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []PendingReply
		q := tx.Where("channel = ? AND created_at < ?", channel, dbTime(before))
		if len(except) > 0 {
			q = q.Where("id NOT IN ?", except)
		}
		err := q.Order("id").Limit(limit).Find(&rows).Error
		if err != nil {
			return err
		}
		for _, r := range rows {
			res := tx.Delete(&PendingReply{}, r.ID)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 1 {
				taken = append(taken, r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("take pending replies: %w", err)
	}
	return taken, nil
}
