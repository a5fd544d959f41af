package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// PreferredIdentities returns, for each of userIDs that has one, the
// active channel account the user was seen on most recently (LastSeenAt,
// which TouchIdentity moves on every message): reminders go to the channel
// a person uses now. Ties, and accounts never seen, fall back to the
// newest binding. Users without an active account are absent.
func (s *Store) PreferredIdentities(ctx context.Context, userIDs []uint) (map[uint]Identity, error) {
	return preferredIdentities(s.db.WithContext(ctx), userIDs)
}

// preferredIdentities is PreferredIdentities on db, which may be a
// transaction.
func preferredIdentities(db *gorm.DB, userIDs []uint) (map[uint]Identity, error) {
	out := map[uint]Identity{}
	if len(userIDs) == 0 {
		return out, nil
	}
	var ids []Identity
	err := db.Where("user_id IN ? AND active = ?", userIDs, true).
		Order("user_id").Order("id").Find(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("preferred identities: %w", err)
	}
	for _, id := range ids {
		best, ok := out[id.UserID]
		if !ok || seenLater(id, best) {
			out[id.UserID] = id
		}
	}
	return out, nil
}

// PreferredIdentity is PreferredIdentities for one user; ErrNotFound when
// the user has no active account.
func (s *Store) PreferredIdentity(ctx context.Context, userID uint) (*Identity, error) {
	m, err := s.PreferredIdentities(ctx, []uint{userID})
	if err != nil {
		return nil, err
	}
	id, ok := m[userID]
	if !ok {
		return nil, fmt.Errorf("preferred identity of user %d: %w", userID, ErrNotFound)
	}
	return &id, nil
}

// seenLater reports whether a was seen after b; ids come in binding order,
// so an equal or missing time keeps the later binding.
func seenLater(a, b Identity) bool {
	switch {
	case a.LastSeenAt == nil:
		return b.LastSeenAt == nil
	case b.LastSeenAt == nil:
		return true
	}
	return !a.LastSeenAt.Before(*b.LastSeenAt)
}
