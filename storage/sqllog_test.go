package storage

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// Statements that will not be written are not rendered at all; failed and
// slow ones are written as before, without their values.
func TestSQLLoggerRendersOnlyWhatItWrites(t *testing.T) {
	var buf bytes.Buffer
	l := newSQLLogger(slog.New(slog.NewTextHandler(&buf, nil)), 50*time.Millisecond)
	rendered := 0
	fc := func() (string, int64) { rendered++; return "SELECT 1", 1 }
	ctx := context.Background()
	l.Trace(ctx, time.Now(), fc, nil)
	if rendered != 0 || buf.Len() != 0 {
		t.Fatalf("a fast statement was rendered %d times and logged %q", rendered, buf.String())
	}
	l.Trace(ctx, time.Now().Add(-time.Second), fc, nil)
	l.Trace(ctx, time.Now(), fc, errors.New("relation does not exist"))
	if rendered != 2 || strings.Count(buf.String(), "SQL executed") != 2 || !strings.Contains(buf.String(), "relation does not exist") {
		t.Fatalf("slow and failed statements: rendered %d, log %q", rendered, buf.String())
	}
}

// A failed query's log line has the SQL but not the value looked for.
func TestFailedQueryLoggedWithoutValues(t *testing.T) {
	var buf bytes.Buffer
	ctx := context.Background()
	st, err := Open(ctx, Options{SQLitePath: t.TempDir() + "/log.db", Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UnitByCode(ctx, "SECRET-CODE-42"); err == nil {
		t.Fatal("a query on a closed store succeeded")
	}
	if !strings.Contains(buf.String(), "SQL executed") || strings.Contains(buf.String(), "SECRET-CODE-42") {
		t.Fatalf("log: %q", buf.String())
	}
}
