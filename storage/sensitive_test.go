package storage_test

import (
	"context"
	"errors"
	"testing"

	"treembot/storage"
	"treembot/storage/storagetest"
)

func element(t *testing.T, s *storage.Store, code string) storage.DataElement {
	t.Helper()
	all, err := s.DataElements(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all {
		if e.Code == code {
			return e
		}
	}
	t.Fatalf("element %s not stored", code)
	return storage.DataElement{}
}

func TestSeedMarksThePlansSensitiveCounts(t *testing.T) {
	t.Parallel()
	s, _ := storagetest.NewSeeded(t, nil)
	for _, code := range storage.SensitiveElements {
		if e := element(t, s, code); !e.Sensitive || e.SuppressBelow != 5 {
			t.Errorf("%s: sensitive %v below %d, want true and 5", code, e.Sensitive, e.SuppressBelow)
		}
	}
	if e := element(t, s, "children_u16"); e.Sensitive {
		t.Error("children_u16 is marked sensitive; only the plan's protection counts are")
	}
}

func TestAnAdminsSensitiveChoiceSurvivesAReseed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	if err := s.SetSensitive(ctx, "child_labour", false, 0); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSensitive(ctx, "marriages", true, 10); err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(ctx, seedOpts()); err != nil {
		t.Fatal(err)
	}
	if e := element(t, s, "child_labour"); e.Sensitive {
		t.Error("reseed marked child_labour sensitive again after the admin turned it off")
	}
	if e := element(t, s, "marriages"); !e.Sensitive || e.SuppressBelow != 10 {
		t.Errorf("marriages: sensitive %v below %d, want true and 10", e.Sensitive, e.SuppressBelow)
	}
	if err := s.SetSensitive(ctx, "no_such", true, 0); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown element: err = %v, want ErrNotFound", err)
	}
	if err := s.SetSensitive(ctx, "marriages", true, 1); err == nil {
		t.Error("a threshold of 1 (hides nothing) was accepted")
	}
}
