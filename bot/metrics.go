package bot

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Outcomes of one update, as logged and counted.
const (
	outcomeOK        = "ok"        // effects saved, replies returned
	outcomeDuplicate = "duplicate" // handled before; nothing done again
	outcomeFailed    = "failed"    // not saved: the channel retries it
	outcomePanic     = "panic"     // a bug: apologised and acknowledged
)

// Send sources: what a counted message was.
const (
	SourceReply    = "reply"    // an answer to what the person sent
	SourceNotice   = "notice"   // the router's own "please wait"
	SourceReminder = "reminder" // a reminder or an overdue alert
)

// scrapeTimeout bounds the database counts read at each scrape.
const scrapeTimeout = 3 * time.Second

// Metrics is what an operator watches in Prometheus: updates by kind and
// outcome, handling latency, sends by source and result, 429s, reminders
// sent, and, read at scrape time, the outbox depth and submissions by
// status. It has its own registry (never the global default one). A nil
// *Metrics records nothing.
type Metrics struct {
	reg       *prometheus.Registry
	updates   *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	sends     *prometheus.CounterVec
	throttled prometheus.Counter
	reminders prometheus.Counter
}

// MetricsOptions gives the counts read from the database at scrape time; a
// nil function leaves its metric out.
type MetricsOptions struct {
	// OutboxDepth counts outbox rows by status.
	OutboxDepth func(ctx context.Context) (map[string]int, error)
	// SubmissionsByStatus counts submissions by status.
	SubmissionsByStatus func(ctx context.Context) (map[string]int, error)
	// Logger receives scrape-time query failures; nil discards them.
	Logger *slog.Logger
}

// NewMetrics registers treembot's metrics on a fresh registry.
func NewMetrics(opts MetricsOptions) *Metrics {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "treembot_updates_total",
			Help: "Updates handled, by kind and outcome (ok, duplicate, failed, panic)."}, []string{"kind", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "treembot_update_duration_seconds",
			Help:    "Time to handle one update, until its effects are saved.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"kind"}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "treembot_sends_total",
			Help: "Messages sent, by source and result (ok, retryable, gone, failed)."}, []string{"source", "result"}),
		throttled: prometheus.NewCounter(prometheus.CounterOpts{Name: "treembot_send_throttled_total",
			Help: "Sends that ended in 429 Too Many Requests."}),
		reminders: prometheus.NewCounter(prometheus.CounterOpts{Name: "treembot_reminders_sent_total",
			Help: "Reminders and overdue alerts delivered."}),
	}
	m.reg.MustRegister(m.updates, m.latency, m.sends, m.throttled, m.reminders,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	if opts.OutboxDepth != nil {
		m.reg.MustRegister(newCountCollector("treembot_outbox_messages",
			"Outbox rows by status (queued = the depth still to send).", opts.OutboxDepth, opts.Logger))
	}
	if opts.SubmissionsByStatus != nil {
		m.reg.MustRegister(newCountCollector("treembot_submissions",
			"Submissions by status.", opts.SubmissionsByStatus, opts.Logger))
	}
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// Registry is where the metrics live, for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// observeUpdate counts one handled update.
func (m *Metrics) observeUpdate(kind UpdateKind, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	m.updates.WithLabelValues(string(kind), outcome).Inc()
	m.latency.WithLabelValues(string(kind)).Observe(took.Seconds())
}

// observeSend counts one send from source by its result.
func (m *Metrics) observeSend(source string, err error) {
	if m == nil {
		return
	}
	result := "ok"
	var se *SendError
	switch {
	case err == nil && source == SourceReminder:
		m.reminders.Inc()
	case err == nil:
	case IsRecipientGone(err):
		result = "gone"
	case errors.As(err, &se) && se.Retryable():
		result = "retryable"
	default:
		result = "failed"
	}
	if errors.As(err, &se) && se.Status == http.StatusTooManyRequests {
		m.throttled.Inc()
	}
	m.sends.WithLabelValues(source, result).Inc()
}

// WrapSender returns s counting every send as coming from source
// (SourceReply, SourceNotice, SourceReminder). With a nil m it returns s.
func (m *Metrics) WrapSender(s Sender, source string) Sender {
	if m == nil {
		return s
	}
	return countingSender{next: s, m: m, source: source}
}

type countingSender struct {
	next   Sender
	m      *Metrics
	source string
}

func (c countingSender) Send(ctx context.Context, msg Message) error {
	err := c.next.Send(ctx, msg)
	c.m.observeSend(c.source, err)
	return err
}

// countCollector turns a "count by status" query into one gauge per
// status, read when Prometheus scrapes.
type countCollector struct {
	name  string
	desc  *prometheus.Desc
	count func(ctx context.Context) (map[string]int, error)
	log   *slog.Logger
}

func newCountCollector(name, help string, count func(context.Context) (map[string]int, error), log *slog.Logger) *countCollector {
	return &countCollector{name: name, desc: prometheus.NewDesc(name, help, []string{"status"}, nil), count: count, log: log}
}

// Describe sends the one descriptor.
func (c *countCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect queries the counts; a failed query is logged and its gauges
// left out of this scrape rather than failing the whole page.
func (c *countCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	counts, err := c.count(ctx)
	if err != nil {
		c.log.Warn("metrics: count query failed", "metric", c.name, "err", err)
		return
	}
	for st, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), st)
	}
}
