package storage_test

import (
	"context"
	"testing"

	"treembot/storage/storagetest"
)

// The event rates over all children (abuse, injuries, accident deaths) are
// the parts a 6-month report annualises; every other part is judged as
// reported.
func TestSeedMarksTheAnnualisedParts(t *testing.T) {
	t.Parallel()
	s, _ := storagetest.NewSeeded(t, nil)
	parts, err := s.IndicatorParts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"9": true, "11a": true, "11b": true}
	for _, p := range parts {
		if p.Annualise != want[p.Code] {
			t.Errorf("part %s: annualise = %v, want %v", p.Code, p.Annualise, want[p.Code])
		}
	}
	if len(parts) == 0 {
		t.Fatal("no parts seeded")
	}
}
