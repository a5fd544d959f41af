package reports_test

import (
	"context"
	"testing"

	"treembot/reports"
	"treembot/storage"
	"treembot/storage/bulk"
	"treembot/storage/storagetest"
	"treembot/storage/synth"
)

// fullProvince is the size: 10,011 units × 40 elements × 6
// periods ≈ 2.4 M values.
var fullProvince = synth.Tree{Districts: 10, Communes: 10, Villages: 99}

// smallProvince keeps `go test -bench .` quick when the full size is not
// asked for: 51 units.
var smallProvince = synth.Tree{Districts: 2, Communes: 4, Villages: 5}

// The province's history and the figures of each report.
const (
	benchPeriods  = 6
	benchElements = 40
)

// loadProvince seeds the plan, then bulk-writes the tree and its reports
// (storage/bulk: creating 2.4 M values through the normal API would take
// hours); one reporter in 500 jumps fivefold in the last period.
func loadProvince(b *testing.B, opts storage.Options, st *storage.Store, tree synth.Tree) synth.Reports {
	b.Helper()
	ctx := context.Background()
	if err := st.Seed(ctx, storage.SeedOptions{Elements: storagetest.PlanElements(), Zone: storagetest.Zone(), Now: storagetest.Now()}); err != nil {
		b.Fatal(err)
	}
	periods, err := st.Periods(ctx)
	if err != nil {
		b.Fatal(err)
	}
	codes, yesno, err := synth.PickElements(ctx, st, benchElements)
	if err != nil {
		b.Fatal(err)
	}
	r := synth.Reports{Tree: tree, Periods: periods[:benchPeriods], Codes: codes, YesNo: yesno,
		VillageForm: reports.DefaultVillage, CommuneForm: reports.DefaultFormID, JumpEvery: 500}
	if err := bulk.Load(ctx, bulkTarget(opts), r.Data(storagetest.Now())); err != nil {
		b.Fatal(err)
	}
	return r
}

// bulkTarget is the database opts opens, for storage/bulk.
func bulkTarget(opts storage.Options) bulk.Target {
	return bulk.Target{PostgresURL: opts.URL, SQLitePath: opts.SQLitePath}
}
