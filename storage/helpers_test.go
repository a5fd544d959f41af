package storage_test

import (
	"context"
	"strconv"
	"testing"

	"treembot/storage"
)

func itoa(n int) string { return strconv.Itoa(n) }

func mustUnit(t *testing.T, s *storage.Store, code string) *storage.OrgUnit {
	t.Helper()
	u, err := s.UnitByCode(context.Background(), code)
	if err != nil {
		t.Fatalf("unit %s: %v", code, err)
	}
	return u
}

func mustPeriod(t *testing.T, s *storage.Store, code string) *storage.Period {
	t.Helper()
	p, err := s.PeriodByCode(context.Background(), code)
	if err != nil {
		t.Fatalf("period %s: %v", code, err)
	}
	return p
}
