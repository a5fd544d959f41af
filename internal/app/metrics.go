package app

import (
	"context"

	"treembot/bot"
)

// NewMetrics builds the Prometheus metrics of a serving bot; the counts
// kept in the database are read when Prometheus scrapes /metrics.
func (a *App) NewMetrics() *bot.Metrics {
	return bot.NewMetrics(bot.MetricsOptions{
		SubmissionsByStatus: a.Store.SubmissionCounts,
		OutboxDepth:         a.outboxByStatus,
		Logger:              a.Log,
	})
}

// outboxByStatus sums the outbox's counts over its rules.
func (a *App) outboxByStatus(ctx context.Context) (map[string]int, error) {
	counts, err := a.Store.OutboxCounts(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, c := range counts {
		out[c.Status] += c.Count
	}
	return out, nil
}
