package main

import (
	"context"

	"treembot/bot"
)

// newMetrics builds the Prometheus metrics of a serving bot; the counts
// kept in the database are read when Prometheus scrapes /metrics.
func (a *app) newMetrics() *bot.Metrics {
	return bot.NewMetrics(bot.MetricsOptions{
		SubmissionsByStatus: a.store.SubmissionCounts,
		OutboxDepth:         a.outboxByStatus,
		Logger:              a.log,
	})
}

// outboxByStatus sums the outbox's counts over its rules.
func (a *app) outboxByStatus(ctx context.Context) (map[string]int, error) {
	counts, err := a.store.OutboxCounts(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, c := range counts {
		out[c.Status] += c.Count
	}
	return out, nil
}
