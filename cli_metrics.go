package main

import "treembot/bot"

// newMetrics builds the Prometheus metrics of a serving bot; the counts
// kept in the database are read when Prometheus scrapes /metrics.
func (a *app) newMetrics() *bot.Metrics {
	return bot.NewMetrics(bot.MetricsOptions{SubmissionsByStatus: a.store.SubmissionCounts, Logger: a.log})
}
