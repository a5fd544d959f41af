package main

import (
	"context"
	"errors"
)

// benchReminders is `bench reminders` (not built yet).
func benchReminders(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("bench reminders: not built yet")
}
