package main

import (
	"context"
	"errors"
)

// cmdServe runs the bot on its channels until SIGINT/SIGTERM.
func cmdServe(ctx context.Context, env *cliEnv, args []string) error {
	if env.cfg.TelegramToken == "" {
		return errors.New("TELEGRAM_TOKEN is required for serve (use `treembot chat` to try the bot in the terminal)")
	}
	return errors.New("serve: the Telegram adapter is not wired yet")
}

// cmdInvite creates invite codes.
func cmdInvite(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("invite: not wired yet")
}
