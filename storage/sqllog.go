package storage

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// sqlLogger passes to GORM's logger only the statements it will write: the
// failed and the slow ones (every one at Info level, as db.Debug() asks).
// GORM's slog logger renders each statement's SQL, two regular
// expressions over its text, before deciding to drop it: that cost a few
// percent of every chat update and most of a 500-row outbox insert.
type sqlLogger struct {
	logger.Interface
	slow time.Duration
	all  bool
}

// newSQLLogger logs failed statements and those slower than slow to log.
func newSQLLogger(log *slog.Logger, slow time.Duration) logger.Interface {
	return sqlLogger{Interface: logger.NewSlogLogger(log, logger.Config{
		LogLevel:                  logger.Warn,
		SlowThreshold:             slow,
		IgnoreRecordNotFoundError: true,
		// Values may be survey figures or invite codes: keep them out of logs.
		ParameterizedQueries: true,
	}), slow: slow}
}

// LogMode keeps the filter around the re-levelled logger.
func (l sqlLogger) LogMode(level logger.LogLevel) logger.Interface {
	return sqlLogger{Interface: l.Interface.LogMode(level), slow: l.slow, all: level >= logger.Info}
}

// Trace forwards a statement only when it will be written.
func (l sqlLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	failed := err != nil && !errors.Is(err, gorm.ErrRecordNotFound)
	if !l.all && !failed && time.Since(begin) <= l.slow {
		return
	}
	l.Interface.Trace(ctx, begin, fc, err)
}

// ParamsFilter drops a statement's values before it is rendered: they may
// be survey figures or invite codes, and logs must not hold them.
func (l sqlLogger) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}
