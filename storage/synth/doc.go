// Package synth generates the synthetic unit trees the benchmarks load and
// plan over: the bench command (internal/bench) writes one through
// storage/bulk, the reminders benchmarks build their planner input from
// one. Ids, codes and paths follow from a unit's position, so a benchmark
// can name any unit without reading the tree back.
//
// It imports storage (the levels and areas) and storage/bulk (the rows).
package synth
