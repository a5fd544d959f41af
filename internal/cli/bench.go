package cli

import (
	"context"

	"treembot/internal/bench"
)

// cmdBench hands `treembot bench ...` to the benchmark harness.
func cmdBench(ctx context.Context, env *cliEnv, args []string) error {
	return bench.Run(ctx, &bench.Env{Cfg: env.cfg, Log: env.log, Out: env.io.Out, Err: env.io.Err}, args)
}
