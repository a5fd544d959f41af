// Package clitest is what the CLI's tests and the fault tests share: a
// command run in-process, a fresh database and Redis prefix per test, a
// free port, and a commune report's answers typed the way collaborators
// type them.
//
// It may import internal/cli, storagetest and sessionstest; the binary
// never links it.
package clitest
