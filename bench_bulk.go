package main

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"treembot/storage"
)

// bulkTable is rows bound for one table, produced one at a time so that a
// province's millions of values never sit in memory together.
type bulkTable struct {
	name    string
	columns []string
	rows    iter.Seq[[]any]
}

// bulkLoad writes generated tables straight into cfg's database, migrated
// and seeded beforehand: COPY on PostgreSQL, batched multi-row INSERTs on
// SQLite. Creating a national tree through the storage API, one
// transaction per unit or person, would take longer than the benches
// themselves. Rows carry their ids, so the id sequences are moved past
// them afterwards; the tables are analysed for the planner.
func bulkLoad(ctx context.Context, cfg Config, tables []bulkTable) error {
	if cfg.DatabaseURL != "" {
		return copyPostgres(ctx, cfg.DatabaseURL, tables)
	}
	return insertSQLite(ctx, cfg.SQLitePath, tables)
}

func copyPostgres(ctx context.Context, url string, tables []bulkTable) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	defer conn.Close(ctx)
	for _, t := range tables {
		next, stop := iter.Pull(t.rows)
		src := pgx.CopyFromFunc(func() ([]any, error) {
			row, ok := next()
			if !ok {
				return nil, nil
			}
			return row, nil
		})
		_, err := conn.CopyFrom(ctx, pgx.Identifier{t.name}, t.columns, src)
		stop()
		if err != nil {
			return fmt.Errorf("bulk load %s: %w", t.name, err)
		}
		seq := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT max(id) FROM %s))", t.name, t.name)
		if _, err := conn.Exec(ctx, seq); err != nil {
			return fmt.Errorf("bulk load %s: move id sequence: %w", t.name, err)
		}
	}
	if _, err := conn.Exec(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("bulk load: analyze: %w", err)
	}
	return nil
}

// rawDB is a connection outside storage for the benches' own writes:
// bulk loads and the changes they simulate between two measurements.
type rawDB struct {
	pg  *pgx.Conn
	sql *sql.DB
}

func openRawDB(ctx context.Context, cfg Config) (*rawDB, error) {
	if cfg.DatabaseURL != "" {
		conn, err := pgx.Connect(ctx, cfg.DatabaseURL)
		if err != nil {
			return nil, fmt.Errorf("bench connection: %w", err)
		}
		return &rawDB{pg: conn}, nil
	}
	db, err := sql.Open("sqlite", "file:"+cfg.SQLitePath+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("bench connection: %w", err)
	}
	return &rawDB{sql: db}, nil
}

// exec runs one statement ($1-style placeholders suit both databases).
func (r *rawDB) exec(ctx context.Context, q string, args ...any) error {
	if r.pg != nil {
		_, err := r.pg.Exec(ctx, q, args...)
		return err
	}
	_, err := r.sql.ExecContext(ctx, q, args...)
	return err
}

func (r *rawDB) close() {
	if r.pg != nil {
		_ = r.pg.Close(context.Background())
		return
	}
	_ = r.sql.Close()
}

// sqliteBatch is how many rows one INSERT carries (SQLite allows 32,766
// parameters per statement).
const sqliteBatch = 400

func insertSQLite(ctx context.Context, path string, tables []bulkTable) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	defer db.Close()
	for _, t := range tables {
		if err := insertTable(ctx, db, t); err != nil {
			return fmt.Errorf("bulk load %s: %w", t.name, err)
		}
	}
	if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("bulk load: analyze: %w", err)
	}
	return nil
}

func insertTable(ctx context.Context, db *sql.DB, t bulkTable) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(t.columns)), ",") + ")"
	head := "INSERT INTO " + t.name + " (" + quoteColumns(t.columns) + ") VALUES "
	args := make([]any, 0, sqliteBatch*len(t.columns))
	flush := func() error {
		n := len(args) / len(t.columns)
		if n == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, head+strings.TrimSuffix(strings.Repeat(one+",", n), ","), args...)
		args = args[:0]
		return err
	}
	for row := range t.rows {
		if args = append(args, row...); len(args) >= sqliteBatch*len(t.columns) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return tx.Commit()
}

// quoteColumns quotes names such as "end" that are keywords in SQL.
func quoteColumns(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = `"` + c + `"`
	}
	return strings.Join(q, ", ")
}

// benchTree is a generated unit tree: one province, its districts, their
// communes and the communes' villages, numbered so that any unit's id,
// code and path follow from its position (ids from 1: the bench database
// holds no unit before).
type benchTree struct {
	districts, communes, villages int // communes per district, villages per commune
	now                           time.Time
}

// Unit counts and ids by level.
func (t benchTree) communeCount() int { return t.districts * t.communes }
func (t benchTree) villageCount() int { return t.communeCount() * t.villages }
func (t benchTree) size() int         { return 1 + t.districts + t.communeCount() + t.villageCount() }

const benchProvinceID = 1

func (t benchTree) districtID(d int) int64 { return int64(2 + d) }
func (t benchTree) communeID(c int) int64  { return int64(2 + t.districts + c) }
func (t benchTree) villageID(v int) int64 {
	return int64(2 + t.districts + t.communeCount() + v)
}

// villageCode is the code of village v (0-based over the whole tree).
func (t benchTree) villageCode(v int) string {
	c := v / t.villages
	return fmt.Sprintf("P-%d-%d-%d", c/t.communes, c%t.communes, v%t.villages)
}

// units is the org_units table, parents before children.
func (t benchTree) units() bulkTable {
	cols := []string{"id", "code", "name", "level", "parent_id", "path", "area", "active", "created_at", "updated_at"}
	return bulkTable{name: "org_units", columns: cols, rows: func(yield func([]any) bool) {
		unit := func(id int64, code, name, level string, parent any, path, area string) bool {
			return yield([]any{id, code, name, level, parent, path, area, true, t.now, t.now})
		}
		root := fmt.Sprintf("/%d/", benchProvinceID)
		if !unit(benchProvinceID, "P", "Tỉnh Bench", storage.LevelProvince, nil, root, storage.AreaRural) {
			return
		}
		for d := range t.districts {
			id := t.districtID(d)
			if !unit(id, fmt.Sprintf("P-%d", d), fmt.Sprintf("Huyện %d", d), storage.LevelDistrict,
				int64(benchProvinceID), fmt.Sprintf("%s%d/", root, id), storage.AreaRural) {
				return
			}
		}
		for c := range t.communeCount() {
			d := c / t.communes
			id, area := t.communeID(c), []string{storage.AreaRural, storage.AreaUrban}[c%2]
			if !unit(id, fmt.Sprintf("P-%d-%d", d, c%t.communes), fmt.Sprintf("Xã %d", c), storage.LevelCommune,
				t.districtID(d), fmt.Sprintf("%s%d/%d/", root, t.districtID(d), id), area) {
				return
			}
		}
		for v := range t.villageCount() {
			c := v / t.villages
			d, id := c/t.communes, t.villageID(v)
			path := fmt.Sprintf("%s%d/%d/%d/", root, t.districtID(d), t.communeID(c), id)
			if !unit(id, t.villageCode(v), fmt.Sprintf("Thôn %d", v), storage.LevelVillage, t.communeID(c),
				path, []string{storage.AreaRural, storage.AreaUrban}[c%2]) {
				return
			}
		}
	}}
}
