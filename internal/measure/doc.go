// Package measure is what the benchmarks read from the Go runtime and the
// kernel about their own process: the live heap's peak, CPU time and heap
// allocations. The bench command (internal/bench) and the packages' own
// benchmarks (reminders, reports) share it, so each figure in
// BENCHMARKS.md is measured one way.
//
// It imports only the standard library, and nothing of the module.
package measure
