// Package bulk writes generated rows straight into storage's tables, for
// the benchmarks' national trees: COPY on PostgreSQL, batched multi-row
// INSERTs on SQLite. Table and column names stay inside storage; callers
// hand over typed rows (rows.go).
//
// It imports nothing of the module.
package bulk
