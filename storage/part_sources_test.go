package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"treembot/storage"
	"treembot/storage/storagetest"
)

// defaultSources is INDICATORS.md's "Who counts what": each part from the
// one report that owns its figures.
func defaultSources() map[string]string {
	out := map[string]string{}
	for form, codes := range map[string]string{
		storage.FormCommune:   "1 2 8a 8b 9 10 11a 11b 12 13 21",
		storage.FormHealth:    "3a 3b 3c 4a 4b 4c-rural 4c-urban 5a 5b 6",
		storage.FormEducation: "7 15 16 17a 17b 18a 18b 19 20a 20b 22 23 24",
		storage.FormJustice:   "14",
	} {
		for _, code := range strings.Fields(codes) {
			out[code] = form
		}
	}
	return out
}

func TestSeedNamesOneSourceFormPerPart(t *testing.T) {
	t.Parallel()
	s, _ := storagetest.NewSeeded(t, nil)
	parts, err := s.IndicatorParts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := defaultSources()
	if len(parts) != len(want) {
		t.Errorf("%d parts, want %d", len(parts), len(want))
	}
	for _, p := range parts {
		if p.SourceForm != want[p.Code] {
			t.Errorf("part %s source = %q, want %q", p.Code, p.SourceForm, want[p.Code])
		}
		if p.Code == "5a" && p.DenominatorCode != "u1_cohort" {
			t.Errorf("5a is over %q, want the year's cohort of one-year-olds (u1_cohort)", p.DenominatorCode)
		}
	}
}

// An admin's choice of source survives a later seed; an unknown part is
// not found.
func TestSeedKeepsAnAdminsPartSource(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	if err := s.SetPartSource(ctx, "3a", storage.FormCommune); err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(ctx, seedOpts()); err != nil {
		t.Fatal(err)
	}
	parts, err := s.IndicatorParts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		if p.Code == "3a" && p.SourceForm != storage.FormCommune {
			t.Errorf("3a source after re-seed = %q, want the admin's %q", p.SourceForm, storage.FormCommune)
		}
		if p.Code == "3b" && p.SourceForm != storage.FormHealth {
			t.Errorf("3b source after re-seed = %q, want the default %q", p.SourceForm, storage.FormHealth)
		}
	}
	if err := s.SetPartSource(ctx, "99", storage.FormCommune); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown part: %v, want ErrNotFound", err)
	}
}
