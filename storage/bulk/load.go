package bulk

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"strings"
	"time"

	_ "github.com/glebarez/go-sqlite" // the "sqlite" database/sql driver
	"github.com/jackc/pgx/v5"
)

// table is rows bound for one table, produced one at a time so that a
// province's millions of values never sit in memory together.
type table struct {
	name    string
	columns []string
	rows    iter.Seq[[]any]
}

// Target is the database to write, migrated and seeded beforehand:
// PostgreSQL when PostgresURL is set, else the SQLite file at SQLitePath.
type Target struct {
	PostgresURL string
	SQLitePath  string
}

// Load writes d's rows into t. Creating a national tree through the
// storage API, one transaction per unit or person, would take longer than
// the benches themselves. Rows carry their ids, so the id sequences are
// moved past them afterwards; the tables are analysed for the planner.
func Load(ctx context.Context, t Target, d Data) error {
	tables := d.tables()
	if t.PostgresURL != "" {
		return copyPostgres(ctx, t.PostgresURL, tables)
	}
	return insertSQLite(ctx, t.SQLitePath, tables)
}

func copyPostgres(ctx context.Context, url string, tables []table) error {
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

// Conn is a connection outside the storage API for the changes a bench
// simulates between two measurements.
type Conn struct {
	pg  *pgx.Conn
	sql *sql.DB
}

// Open connects to t.
func Open(ctx context.Context, t Target) (*Conn, error) {
	if t.PostgresURL != "" {
		conn, err := pgx.Connect(ctx, t.PostgresURL)
		if err != nil {
			return nil, fmt.Errorf("bulk connection: %w", err)
		}
		return &Conn{pg: conn}, nil
	}
	db, err := sql.Open("sqlite", "file:"+t.SQLitePath+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("bulk connection: %w", err)
	}
	return &Conn{sql: db}, nil
}

// TouchSubmission marks report id changed at at, as a report coming in
// between two summaries does.
func (c *Conn) TouchSubmission(ctx context.Context, id int64, at time.Time) error {
	return c.exec(ctx, "UPDATE submissions SET updated_at = $1 WHERE id = $2", at, id)
}

// exec runs one statement ($1-style placeholders suit both databases).
func (c *Conn) exec(ctx context.Context, q string, args ...any) error {
	if c.pg != nil {
		_, err := c.pg.Exec(ctx, q, args...)
		return err
	}
	_, err := c.sql.ExecContext(ctx, q, args...)
	return err
}

// Close closes the connection.
func (c *Conn) Close() {
	if c.pg != nil {
		_ = c.pg.Close(context.Background())
		return
	}
	_ = c.sql.Close()
}

// sqliteBatch is how many rows one INSERT carries (SQLite allows 32,766
// parameters per statement).
const sqliteBatch = 400

func insertSQLite(ctx context.Context, path string, tables []table) error {
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

func insertTable(ctx context.Context, db *sql.DB, t table) error {
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
