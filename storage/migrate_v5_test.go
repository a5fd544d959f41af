package storage_test

import (
	"context"
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/storagetest"
)

// A database left by the first release migrates forward: its reports stay
// readable, the commune form a village filled in becomes that village's
// report, the commune's own stays the commune's, and the seeded windows
// take the 30th late day.
func TestMigrationToTheReportingChainKeepsExistingReports(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storagetest.Open(t, storagetest.NewOptions(t))
	if err := storage.MigrateToForTest(ctx, s, "0004_zalo"); err != nil {
		t.Fatal(err)
	}
	zone := storagetest.Zone()
	deadline := time.Date(2025, 5, 15, 0, 0, 0, 0, zone)
	exec := func(sql string, args ...any) {
		t.Helper()
		if err := storage.ExecForTest(ctx, s, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	now := time.Date(2025, 5, 10, 9, 0, 0, 0, zone)
	exec("INSERT INTO org_units (id, code, name, level, path, area, active, created_at, updated_at) VALUES (1, 'VQ-XL', 'Xã Xuân Long', 'commune', '/1/', 'rural', true, ?, ?)", now, now)
	exec("INSERT INTO org_units (id, code, name, level, parent_id, path, area, active, created_at, updated_at) VALUES (2, 'VQ-XL-01', 'Thôn Nà Lùng', 'village', 1, '/1/2/', 'rural', true, ?, ?)", now, now)
	exec("INSERT INTO periods (id, code, kind, start, \"end\", deadline, opens_at, closes_at) VALUES (1, '2025-H1', 'six_monthly', ?, ?, ?, ?, ?)",
		time.Date(2024, 11, 1, 0, 0, 0, 0, zone), time.Date(2025, 4, 30, 0, 0, 0, 0, zone), deadline,
		time.Date(2025, 5, 1, 0, 0, 0, 0, zone), deadline.AddDate(0, 0, 30))
	// A sent report the first release reopened in place: a draft of v2.
	exec("INSERT INTO org_units (id, code, name, level, parent_id, path, area, active, created_at, updated_at) VALUES (3, 'VQ-XL-02', 'Thôn Bản Khuông', 'village', 1, '/1/3/', 'rural', true, ?, ?)", now, now)
	exec("INSERT INTO submissions (unit_id, period_id, form_id, status, version, reference, created_by, created_at, updated_at) VALUES (3, 1, 'commune_report', 'draft', 2, '', 1, ?, ?)", now, now)
	exec("INSERT INTO data_values (submission_id, element_code, value, updated_by, updated_at) SELECT id, 'live_births', '9', 1, ? FROM submissions WHERE unit_id = 3", now)
	// Without explicit IDs, so PostgreSQL's sequences stay in step.
	for _, unit := range []int{2, 1} {
		exec("INSERT INTO submissions (unit_id, period_id, form_id, status, version, reference, created_by, submitted_at, created_at, updated_at) VALUES (?, 1, 'commune_report', 'submitted', 1, ?, 1, ?, ?, ?)",
			unit, "REF-"+string(rune('0'+unit)), now, now, now)
		exec("INSERT INTO data_values (submission_id, element_code, value, updated_by, updated_at) SELECT id, 'live_births', '7', 1, ? FROM submissions WHERE unit_id = ?", now, unit)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	village, err := s.FindSubmission(ctx, 2, 1, "village_report")
	if err != nil || village.Status != storage.StatusSubmitted || village.Reference != "REF-2" {
		t.Fatalf("the village's old report = %+v, %v; want it as its village report", village, err)
	}
	commune, err := s.FindSubmission(ctx, 1, 1, "commune_report")
	if err != nil || commune.Reference != "REF-1" {
		t.Fatalf("the commune's old report = %+v, %v; want it still the commune report", commune, err)
	}
	if vals, err := s.Values(ctx, village.ID); err != nil || vals["live_births"] != "7" {
		t.Errorf("values of the migrated report = %v, %v", vals, err)
	}
	p, err := s.PeriodByCode(ctx, "2025-H1")
	if err != nil || !p.ClosesAt.Equal(deadline.AddDate(0, 0, 31)) || p.VillageLeadDays != 5 {
		t.Errorf("period after migration = %+v, %v; want it closing after the 30th late day, villages due 5 days early", p, err)
	}
	// The reopened draft is the village report's head, with its answers:
	// opening it again finds it rather than starting an empty report.
	reopened, err := s.OpenDraft(ctx, storage.DraftRequest{UnitID: 3, PeriodID: 1, FormID: "village_report", UserID: 1, Now: now})
	if err != nil || reopened.Version != 1 {
		t.Fatalf("the reopened draft after migration = %+v, %v; want it as the report's version 1", reopened, err)
	}
	if vals, _ := s.Values(ctx, reopened.ID); vals["live_births"] != "9" {
		t.Errorf("the reopened draft's answers = %v, want them kept", vals)
	}
	// A correction is now a new version beside the counted one.
	draft, err := s.OpenDraft(ctx, storage.DraftRequest{UnitID: 1, PeriodID: 1, FormID: "commune_report", UserID: 1, Now: now})
	if err != nil || draft.Version != 2 || draft.ID == commune.ID {
		t.Errorf("correcting the migrated report = %+v, %v; want a version 2 beside it", draft, err)
	}
}
