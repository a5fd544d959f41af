package storage

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// DefaultSuppressBelow is the threshold of a sensitive count: 1 to 4 are
// hidden.
const DefaultSuppressBelow = 5

// SensitiveElements are the plan's counts marked sensitive when they are
// first stored; an admin may change the mark afterwards (SetSensitive).
var SensitiveElements = []string{"abuse_cases", "child_marriages", "child_labour",
	"special_circumstances", "special_assisted"}

// markSensitive sets the default mark on elements about to be inserted.
// Seed's upsert does not update the column, so an admin's choice stays.
func markSensitive(elements []DataElement) []DataElement {
	out := cloneSlice(elements)
	for i := range out {
		if slices.Contains(SensitiveElements, out[i].Code) {
			out[i].Sensitive = true
		}
		if out[i].SuppressBelow == 0 {
			out[i].SuppressBelow = DefaultSuppressBelow
		}
	}
	return out
}

// SetSensitive marks an element's small counts as hidden or not, and
// sets the threshold below which they are hidden (0 keeps it).
func (s *Store) SetSensitive(ctx context.Context, code string, sensitive bool, below int) error {
	if below < 0 || below == 1 {
		return fmt.Errorf("element %s: a threshold must be 2 or more", code)
	}
	set := map[string]any{"sensitive": sensitive}
	if below > 0 {
		set["suppress_below"] = below
	}
	res := s.db.WithContext(ctx).Model(&DataElement{}).Where("code = ?", strings.TrimSpace(code)).Updates(set)
	if res.Error != nil {
		return fmt.Errorf("mark element %s: %w", code, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("element %q: %w", code, ErrNotFound)
	}
	return nil
}
