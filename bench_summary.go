package main

import (
	"context"
	"errors"
)

// benchSummary is `bench summary` (not built yet).
func benchSummary(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("bench summary: not built yet")
}
