package storage_test

import (
	"context"
	"fmt"
	"testing"

	"treembot/storage"
	"treembot/storage/storagetest"
)

// The export shows each report's counted version; every version, each
// with its status, when asked for all.
func TestExportShowsTheCountedVersionOrEveryVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := storagetest.NewSeeded(t, nil)
	now := storagetest.Now()
	unit, period := mustUnit(t, s, "VQ-XL"), mustPeriod(t, s, "2025-H1")
	version := func(births string, submit bool) {
		t.Helper()
		sub, err := s.OpenDraft(ctx, storage.DraftRequest{UnitID: unit.ID, PeriodID: period.ID, FormID: communeForm,
			UserID: 1, Channel: "terminal", Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ApplyChanges(ctx, storage.ChangeRequest{SubmissionID: sub.ID, UserID: 1, Channel: "terminal", Now: now,
			Changes: []storage.ValueChange{set("live_births", births)}}); err != nil {
			t.Fatal(err)
		}
		if submit {
			if _, err := s.Submit(ctx, storage.SubmitRequest{SubmissionID: sub.ID, UserID: 1, Channel: "terminal", Now: now}); err != nil {
				t.Fatal(err)
			}
		}
	}
	version("7", true)  // v1, superseded by v2
	version("8", true)  // v2, counted
	version("9", false) // v3, a correction in progress
	rows := func(export func(context.Context, string) ([]storage.ExportRow, error)) string {
		t.Helper()
		got, err := export(ctx, "2025-H1")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range got {
			out = append(out, fmt.Sprintf("v%d %s %s=%s", r.Version, r.Status, r.ElementCode, r.Value))
		}
		return fmt.Sprint(out)
	}
	if got, want := rows(s.ExportRows), "[v2 submitted live_births=8]"; got != want {
		t.Errorf("export = %s, want only the counted version %s", got, want)
	}
	want := "[v1 superseded live_births=7 v2 submitted live_births=8 v3 draft live_births=9]"
	if got := rows(s.ExportAllVersions); got != want {
		t.Errorf("export of every version = %s, want %s", got, want)
	}
}
