package bulk_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"treembot/storage"
	"treembot/storage/bulk"
	"treembot/storage/storagetest"
)

// seq yields rows in order.
func seq[T any](rows ...T) func(func(T) bool) {
	return slices.Values(rows)
}

// load writes a province → district → commune → village tree, one
// collaborator with a Telegram account, a submitted report with a figure
// and a draft, into a fresh seeded database, and returns it.
func load(t *testing.T) (*storage.Store, bulk.Target, []storage.Period) {
	t.Helper()
	ctx := context.Background()
	opts := storagetest.NewOptions(t)
	st := storagetest.Open(t, opts)
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.Seed(ctx, storage.SeedOptions{Elements: storagetest.PlanElements(), Zone: storagetest.Zone(), Now: storagetest.Now()}); err != nil {
		t.Fatal(err)
	}
	periods, err := st.Periods(ctx)
	if err != nil || len(periods) < 2 {
		t.Fatalf("periods: %v, %v", periods, err)
	}
	now := storagetest.Now()
	target := bulk.Target{PostgresURL: opts.URL, SQLitePath: opts.SQLitePath}
	err = bulk.Load(ctx, target, bulk.Data{Now: now,
		Units: seq(
			bulk.Unit{ID: 1, Code: "P", Name: "Tỉnh", Level: storage.LevelProvince, Path: "/1/", Area: storage.AreaRural},
			bulk.Unit{ID: 2, Code: "P-0", Name: "Huyện", Level: storage.LevelDistrict, ParentID: 1, Path: "/1/2/", Area: storage.AreaRural},
			bulk.Unit{ID: 3, Code: "P-0-0", Name: "Xã", Level: storage.LevelCommune, ParentID: 2, Path: "/1/2/3/", Area: storage.AreaUrban},
			bulk.Unit{ID: 4, Code: "P-0-0-0", Name: "Thôn", Level: storage.LevelVillage, ParentID: 3, Path: "/1/2/3/4/", Area: storage.AreaUrban}),
		Users:      seq(bulk.User{ID: 1, Name: "Chị Hà", Role: storage.RoleCollaborator, UnitID: 4, Language: "vi"}),
		Identities: seq(bulk.Identity{ID: 1, UserID: 1, Channel: "telegram", ExternalID: "555", ChatID: "555"}),
		Submissions: seq(
			bulk.Submission{ID: 1, UnitID: 4, PeriodID: int64(periods[0].ID), FormID: "commune_report", Status: storage.StatusSubmitted,
				Version: 1, Reference: "R1", CreatedBy: 1, SubmittedBy: 1, SubmittedAt: now.Add(-time.Hour)},
			bulk.Submission{ID: 2, UnitID: 4, PeriodID: int64(periods[1].ID), FormID: "commune_report", Status: storage.StatusDraft,
				Version: 1, Reference: "R2", CreatedBy: 1}),
		Values: seq(bulk.Value{ID: 1, SubmissionID: 1, ElementCode: "children_u1", Value: "12", UpdatedBy: 1}),
	})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return st, target, periods
}

// What Load writes is what the storage API reads back: the tree with its
// parents and paths, the person behind a Telegram account, a submitted
// report with its figure and a draft without a submitter.
func TestLoadedRowsReadBackThroughStorage(t *testing.T) {
	st, _, _ := load(t)
	ctx := context.Background()
	village, err := st.UnitByCode(ctx, "P-0-0-0")
	if err != nil {
		t.Fatal(err)
	}
	if village.ID != 4 || village.ParentID == nil || *village.ParentID != 3 || village.Path != "/1/2/3/4/" ||
		village.Level != storage.LevelVillage || village.Area != storage.AreaUrban || !village.Active {
		t.Errorf("village read back as %+v", village)
	}
	if province, err := st.UnitByCode(ctx, "P"); err != nil || province.ParentID != nil {
		t.Errorf("province = %+v, %v; want no parent", province, err)
	}
	u, err := st.UserByIdentity(ctx, "telegram", "555")
	if err != nil || u.Name != "Chị Hà" || u.UnitID != 4 || u.Role != storage.RoleCollaborator || !u.Active {
		t.Errorf("user by identity = %+v, %v", u, err)
	}
	sent, err := st.Submission(ctx, 1)
	if err != nil || sent.Status != storage.StatusSubmitted || sent.SubmittedBy == nil || *sent.SubmittedBy != 1 || sent.SubmittedAt == nil {
		t.Errorf("submitted report = %+v, %v", sent, err)
	}
	draft, err := st.Submission(ctx, 2)
	if err != nil || draft.Status != storage.StatusDraft || draft.SubmittedBy != nil || draft.SubmittedAt != nil {
		t.Errorf("draft = %+v, %v; want no submitter and no time", draft, err)
	}
	vals, err := st.SubmissionValues(ctx, []uint{1, 2}, []string{"children_u1"})
	if err != nil || len(vals) != 1 || vals[0].SubmissionID != 1 || vals[0].Value != "12" {
		t.Errorf("values = %+v, %v; want children_u1 = 12 on report 1 only", vals, err)
	}
}

// Rows carry their ids, so a unit created afterwards through storage
// gets the next id instead of colliding with a loaded one.
func TestIDsContinueAfterALoad(t *testing.T) {
	st, _, _ := load(t)
	ctx := context.Background()
	csv := "code,name,level,parent_code,area\nP-0-0-1,Thôn mới,village,P-0-0,urban\n"
	if _, err := st.ImportUnits(ctx, strings.NewReader(csv)); err != nil {
		t.Fatalf("import after load: %v", err)
	}
	u, err := st.UnitByCode(ctx, "P-0-0-1")
	if err != nil || u.ID <= 4 {
		t.Errorf("new unit = %+v, %v; want an id after the loaded 4", u, err)
	}
}

// TouchSubmission moves a report's updated_at, as a report changed
// between two summaries.
func TestTouchSubmissionMovesUpdatedAt(t *testing.T) {
	st, target, _ := load(t)
	ctx := context.Background()
	conn, err := bulk.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	at := storagetest.Now().Add(time.Hour)
	if err := conn.TouchSubmission(ctx, 1, at); err != nil {
		t.Fatal(err)
	}
	s, err := st.Submission(ctx, 1)
	if err != nil || !s.UpdatedAt.Equal(at) {
		t.Errorf("updated_at = %v, %v; want %v", s.UpdatedAt, err, at)
	}
}
