package reports_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"treembot/internal/measure"
	"treembot/reports"
	"treembot/storage"
	"treembot/storage/bulk"
	"treembot/storage/storagetest"
	"treembot/storage/synth"
)

// EnvBenchProvince makes BenchmarkSummaryProvince build the full
// province (10,000 units, 2.4 M values) instead of a small tree.
const EnvBenchProvince = "TREEMBOT_BENCH_PROVINCE"

// touchedPerRun is how many reports change between two summaries: a busy
// hour near the deadline in a province.
const touchedPerRun = 20

// BenchmarkSummaryProvince measures /summary's computation for a whole
// province and for one commune, on the database tests use (PostgreSQL with
// TEST_DATABASE_URL). It reports p50 and p99 latencies:
//
//	TREEMBOT_BENCH_PROVINCE=1 TEST_DATABASE_URL=postgres://... \
//	  go test ./reports -run '^$' -bench SummaryProvince -benchtime 50x
func BenchmarkSummaryProvince(b *testing.B) {
	tree := smallProvince
	if os.Getenv(EnvBenchProvince) == "1" {
		tree = fullProvince
	}
	opts := storagetest.NewOptions(b)
	st := storagetest.Open(b, opts)
	if err := st.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	gen := loadProvince(b, opts, st, tree)
	b.Logf("%s: loaded %d units, %d submissions, %d values in %s", st.Dialect(), tree.Size(), gen.Count(),
		gen.Values(), time.Since(start).Round(time.Second))
	last := gen.Periods[len(gen.Periods)-1].Code
	conn, err := bulk.Open(context.Background(), bulkTarget(opts))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	province, commune := uint(synth.ProvinceID), uint(tree.CommuneID(0))
	// A commune officer's view also lays out and protects the scope's
	// sensitive counts (reports/suppress.go).
	officer := &reports.Viewer{Role: storage.RoleCommuneOfficer}
	for _, scope := range []struct {
		name   string
		unit   uint
		viewer *reports.Viewer
	}{{"whole_tree", province, nil}, {"one_commune", commune, nil},
		{"whole_tree_protected", province, officer}, {"one_commune_protected", commune, officer}} {
		b.Run(scope.name, func(b *testing.B) {
			req := reports.Request{UnitID: scope.unit, Period: last, Now: storagetest.Now(), Viewer: scope.viewer}
			// A fresh service has nothing cached: its first answer reads
			// every value of both periods.
			svc, err := reports.New(reports.Config{Source: st, Zone: storagetest.Zone()})
			if err != nil {
				b.Fatal(err)
			}
			t0 := time.Now()
			if _, err := svc.Summary(context.Background(), req); err != nil {
				b.Fatal(err)
			}
			cold := time.Since(t0)
			var took []time.Duration
			round := 0
			cpu0 := measure.CPU()
			for b.Loop() {
				round++
				if err := gen.Touch(context.Background(), conn, storagetest.Now(), round, touchedPerRun); err != nil {
					b.Fatal(err)
				}
				t0 := time.Now()
				sum, err := svc.Summary(context.Background(), req)
				took = append(took, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
				computed := slices.ContainsFunc(sum.Parts, func(p reports.PartResult) bool { return p.Value.OK })
				if sum.Completeness.Expected == 0 || !computed {
					b.Fatalf("summary computed nothing: %+v", sum.Completeness)
				}
			}
			cpu := (measure.CPU() - cpu0) / time.Duration(max(len(took), 1))
			p50, p99 := percentile(took, 50), percentile(took, 99)
			b.ReportMetric(float64(cpu.Microseconds())/1000, "go-cpu-ms/op")
			b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(cold.Microseconds())/1000, "cold-ms")
			b.Logf("%s %s: first answer %s; then over %d runs with %d reports changed before each: p50 %s, p99 %s, "+
				"this process's CPU %s a run", st.Dialect(), scope.name, cold.Round(time.Millisecond), len(took),
				touchedPerRun, p50, p99, cpu.Round(100*time.Microsecond))
		})
	}
}

// percentile returns the q-th percentile (nearest rank) of ds.
func percentile(ds []time.Duration, q int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*q + 99) / 100
	return s[max(i-1, 0)]
}
