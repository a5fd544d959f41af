package storage

import (
	"context"
	"fmt"
)

// SetPartSource makes form the one source the indicator part code is
// computed from; a later Seed keeps it. ErrNotFound when there is no such
// part.
func (s *Store) SetPartSource(ctx context.Context, code, form string) error {
	if form == "" {
		return fmt.Errorf("set source of part %s: the form is empty", code)
	}
	res := s.db.WithContext(ctx).Model(&IndicatorPart{}).Where("code = ?", code).Update("source_form", form)
	if res.Error != nil {
		return fmt.Errorf("set source of part %s: %w", code, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("set source of part %s: %w", code, ErrNotFound)
	}
	return nil
}
