package storage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// DefaultSQLitePath is where the embedded database lives when no
// PostgreSQL URL is given.
const DefaultSQLitePath = "./data/treembot.db"

// Options says which database to open and how.
type Options struct {
	// URL selects PostgreSQL (postgres:// or postgresql://); "" selects
	// SQLite. Any other URL is refused rather than silently ignored.
	URL string
	// SQLitePath is the SQLite file (default DefaultSQLitePath); its
	// directory is created.
	SQLitePath string
	// Logger receives slow-query warnings and SQL errors (never values).
	Logger *slog.Logger
	// MaxOpenConns caps PostgreSQL connections (default 10); SQLite always
	// uses one, since it allows a single writer.
	MaxOpenConns int
	// Clock stamps rows whose caller gave no time (default time.Now).
	Clock func() time.Time
}

// Store is treembot's database.
type Store struct {
	db       *gorm.DB
	log      *slog.Logger
	clock    func() time.Time
	postgres bool
	periods  periodCache
}

// IsPostgresURL reports whether url names a PostgreSQL database.
func IsPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// Open connects to the database opts names and checks it answers. It does
// not migrate: call Migrate.
func Open(ctx context.Context, opts Options) (*Store, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	clock := opts.Clock
	if clock == nil {
		clock = time.Now
	}
	pg := IsPostgresURL(opts.URL)
	if opts.URL != "" && !pg {
		return nil, errors.New("open database: URL must start with postgres:// or postgresql:// (empty for SQLite)")
	}
	dialector, err := dialectorFor(opts, pg)
	if err != nil {
		return nil, err
	}
	db, err := gorm.Open(dialector, &gorm.Config{
		Logger:         newSQLLogger(log, 500*time.Millisecond),
		NowFunc:        func() time.Time { return dbTime(clock()) },
		TranslateError: true,
	})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	s := &Store{db: db, log: log, clock: clock, postgres: pg}
	if err := s.configurePool(opts, pg); err != nil {
		return nil, err
	}
	if err := s.Ping(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

func dialectorFor(opts Options, pg bool) (gorm.Dialector, error) {
	if pg {
		return postgres.Open(opts.URL), nil
	}
	path := opts.SQLitePath
	if path == "" {
		path = DefaultSQLitePath
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create database directory %s: %w", dir, err)
		}
	}
	return sqlite.Open(sqliteDSN(path)), nil
}

// sqliteDSN sets the pragmas every connection needs. busy_timeout comes
// first so the WAL switch waits for a concurrent opener; immediate
// transactions take the write lock up front, so two processes never
// deadlock upgrading a read lock.
func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// No _time_format: this driver version ignores _txlock when it is set,
	// and its default already writes "2006-01-02 15:04:05.999999999-07:00".
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

func (s *Store) configurePool(opts Options, pg bool) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("database pool: %w", err)
	}
	open := opts.MaxOpenConns
	switch {
	case !pg:
		open = 1
	case open <= 0:
		open = 10
	}
	sqlDB.SetMaxOpenConns(open)
	// Keep every connection the pool may open: with database/sql's default
	// of two idle ones, a busy bot closed and reopened a PostgreSQL
	// connection (a new server process) every few updates. Idle ones
	// still close after ConnMaxIdleTime.
	sqlDB.SetMaxIdleConns(open)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	return nil
}

// Close releases the database connections.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	if err := sqlDB.Close(); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Dialect names the database in use: "postgres" or "sqlite".
func (s *Store) Dialect() string {
	if s.postgres {
		return "postgres"
	}
	return "sqlite"
}

// dbTime is how every instant is stored: UTC, at the microsecond precision
// both databases keep, so PostgreSQL and SQLite read back the same value.
func dbTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// notFound turns gorm's missing-row error into ErrNotFound, naming what was
// looked for.
func notFound(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}
