// Package storage keeps treembot's durable state (units, people, periods,
// submissions, values, audit) in PostgreSQL or, for a newcomer's machine, in
// an SQLite file. *gorm.DB never leaves this package: callers see methods.
//
// It imports nothing of the module; everything above it reaches the
// database through its methods, and only storage/bulk (the benchmarks'
// bulk loader) knows its table names besides it.
package storage
