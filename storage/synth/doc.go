// Package synth generates the synthetic data the benchmarks load and plan
// over: unit trees (the bench command in internal/bench writes one through
// storage/bulk, the reminders benchmarks build their planner input from
// one) and the reports of a tree's villages and communes (the reports
// benchmarks' province). Ids, codes and paths follow from a unit's or a
// report's position, so a benchmark can name any of them without reading
// the tree back.
//
// It imports storage (the levels, areas, statuses and plan elements) and
// storage/bulk (the rows).
package synth
