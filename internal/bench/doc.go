// Package bench is treembot's load benchmarks (`treembot bench webhook|
// summary|reminders`): each makes its own database and Redis key prefix,
// drives the real app through a fake Bot API, and prints its figures as
// one JSON line. It is linked into the binary, so it must not import
// testing or any test-support package.
//
// As wiring it may import any package of the module except test support.
package bench
