// Package faults holds the fault tests (build tag faults, run by .ci/run):
// real treembot processes, re-executed from the test binary, SIGKILLed,
// SIGTERMed, run twice at once, and cut from PostgreSQL and Redis through
// TCP proxies, with a fake Bot API in front. Only its tests have code.
package faults
