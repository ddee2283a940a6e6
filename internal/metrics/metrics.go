// Package metrics is what an operator scrapes at METRICS_ADDR/metrics (Prometheus text, the official client):
// requests by method, route pattern and status with their durations, the database pool, the mail outbox, the
// catalog's answer cache, orders placed, payments and refunds by outcome, ЮKassa's notifications, and the
// build. Its registry is its own, passed where it is needed: no global state.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the registry and the instruments the request path updates.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// Outbox reports the mail waiting to be sent (mail.Worker.Pending).
type Outbox interface {
	Pending(ctx context.Context) (int64, time.Time, error)
}

// CacheCounts reports the catalog answer cache's hits and misses so far (catalog.Handlers.CacheCounts).
type CacheCounts func() (hits, misses uint64)

// New returns the metrics of one server: its own registry with the Go runtime and process collectors, the
// build's version, pool's gauges, outbox's depth and age, and cache's counts (read at each scrape), and the
// counts of orders, payments, refunds and ЮKassa's notifications that events gathers.
func New(version string, pool *pgxpool.Pool, outbox Outbox, cache CacheCounts, events *Events) *Metrics {
	r := prometheus.NewRegistry()
	m := &Metrics{registry: r,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status code."}, []string{"method", "route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "http_request_duration_seconds",
			Help:    "How long HTTP requests took to answer, by method and route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"method", "route"}),
	}
	r.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "furstore_build_info", Help: "The running build; always 1.",
			ConstLabels: prometheus.Labels{"version": version}}, func() float64 { return 1 }),
		&poolCollector{pool: pool}, &outboxCollector{outbox: outbox}, &cacheCollector{counts: cache})
	r.MustRegister(events.collectors()...)
	return m
}

// Handler serves the registry's metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Instrument counts and times the requests next serves. Put it right around the ServeMux: the mux writes the
// matched pattern into the request it is given, which is how the route is named here ("unmatched" when none).
func (m *Metrics) Instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(r.Method, route, strconv.Itoa(rec.status)).Inc()
		m.duration.WithLabelValues(r.Method, route).Observe(time.Since(start).Seconds())
	})
}

type statusWriter struct {
	http.ResponseWriter
	status  int
	written bool
}

func (s *statusWriter) WriteHeader(code int) {
	if !s.written {
		s.status, s.written = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	s.written = true
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flushes, deadlines).
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
