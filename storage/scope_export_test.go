package storage_test

import (
	"context"
	"fmt"
	"testing"

	"treembot/storage"
	"treembot/storage/storagetest"
)

// A correction in progress sits beside the counted version: the raw
// values list both, each figure's versions in order, units and figures
// by code.
func TestScopeExportRowsListEveryVersionInOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	at := storagetest.Now()
	report(t, s, "VQ-XL-02", "2025-H1", at, false, map[string]string{"marriages": "2", "live_births": "5"})
	v1 := report(t, s, "VQ-XL-01", "2025-H1", at, false, map[string]string{"live_births": "10"})
	v2, err := s.OpenDraft(ctx, storage.DraftRequest{UnitID: v1.UnitID, PeriodID: v1.PeriodID, FormID: v1.FormID, UserID: 1, Channel: "test", Now: at})
	if err != nil || v2.Version != 2 {
		t.Fatalf("correction = %+v, %v; want version 2", v2, err)
	}
	if err := s.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: v2.ID, UserID: 1, Channel: "test", Now: at,
		Changes: []storage.ValueChange{{Code: "live_births", Value: "11"}}}); err != nil {
		t.Fatal(err)
	}
	rows, err := s.ScopeExportRows(ctx, mustUnit(t, s, "VQ-XL").ID, mustPeriod(t, s, "2025-H1").ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %s v%d %s %s %t", r.UnitCode, r.ElementCode, r.Version, r.Value, r.Status, r.SubmittedAt != nil))
	}
	want := []string{"VQ-XL-01 live_births v1 10 submitted true", "VQ-XL-01 live_births v2 11 draft false",
		"VQ-XL-02 live_births v1 5 submitted true", "VQ-XL-02 marriages v1 2 submitted true"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("raw values =\n%q\nwant\n%q", got, want)
	}
}
