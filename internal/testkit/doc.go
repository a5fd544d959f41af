// Package testkit is the support every package's tests share: waiting
// until a condition holds and a log sink safe to read while it is written.
// Only test files import it; it imports nothing of the module, so no
// package's test can pull the application in through it, and the
// production binary never links it (internal/layout checks both).
package testkit
