package reports_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"treembot/storage"
)

func copyPostgres(b *testing.B, url string, tables []table) {
	b.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatalf("connect for COPY: %v", err)
	}
	defer conn.Close(ctx)
	for _, t := range tables {
		rows := make(chan []any, 1024)
		errc := make(chan error, 1)
		go func() {
			errc <- t.rows(func(row []any) error { rows <- row; return nil })
			close(rows)
		}()
		src := pgx.CopyFromFunc(func() ([]any, error) {
			row, ok := <-rows
			if !ok {
				return nil, <-errc
			}
			return row, nil
		})
		if _, err := conn.CopyFrom(ctx, pgx.Identifier{t.name}, t.columns, src); err != nil {
			b.Fatalf("copy into %s: %v", t.name, err)
		}
		if _, err := conn.Exec(ctx, fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT max(id) FROM %s))", t.name, t.name)); err != nil {
			b.Fatalf("move %s id sequence: %v", t.name, err)
		}
	}
	if _, err := conn.Exec(ctx, "ANALYZE"); err != nil {
		b.Fatalf("analyze: %v", err)
	}
}

func insertSQLite(b *testing.B, path string, tables []table) {
	b.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const batch = 400
	for _, t := range tables {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(t.columns)), ",") + ")"
		var args []any
		flush := func() error {
			if len(args) == 0 {
				return nil
			}
			n := len(args) / len(t.columns)
			q := "INSERT INTO " + t.name + " (" + quoteColumns(t.columns) + ") VALUES " +
				strings.TrimSuffix(strings.Repeat(one+",", n), ",")
			_, err := tx.Exec(q, args...)
			args = args[:0]
			return err
		}
		err = t.rows(func(row []any) error {
			args = append(args, row...)
			if len(args) >= batch*len(t.columns) {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			b.Fatalf("insert into %s: %v", t.name, err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.Exec("ANALYZE"); err != nil {
		b.Fatal(err)
	}
}

// quoteColumns quotes names such as "end" that are keywords in SQL.
func quoteColumns(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = `"` + c + `"`
	}
	return strings.Join(q, ", ")
}

// toucher marks submissions changed, as reports coming in between two
// summaries do, so the benchmark measures re-reading them.
type toucher struct {
	exec func(q string, args ...any) error
	done func()
}

func newToucher(b *testing.B, opts storage.Options) *toucher {
	b.Helper()
	ctx := context.Background()
	if opts.URL != "" {
		conn, err := pgx.Connect(ctx, opts.URL)
		if err != nil {
			b.Fatal(err)
		}
		return &toucher{exec: func(q string, args ...any) error { _, err := conn.Exec(ctx, q, args...); return err },
			done: func() { conn.Close(ctx) }}
	}
	db, err := sql.Open("sqlite", "file:"+opts.SQLitePath+"?_pragma=busy_timeout(10000)")
	if err != nil {
		b.Fatal(err)
	}
	return &toucher{exec: func(q string, args ...any) error { _, err := db.Exec(q, args...); return err },
		done: func() { db.Close() }}
}

// touch moves the updated_at of n submissions of the last period.
func (tc *toucher) touch(b *testing.B, gen generated, round, n int) {
	b.Helper()
	for i := range n {
		// Report numbers of the last period are multiples of the period count.
		id := int64(((round*n+i)*7919)%(gen.Submissions/len(gen.Periods))+1) * int64(len(gen.Periods))
		at := time.Date(2025, 5, 2, 9, 0, round, i*1000, time.UTC)
		if err := tc.exec("UPDATE submissions SET updated_at = $1 WHERE id = $2", at, id); err != nil {
			b.Fatal(err)
		}
	}
}
