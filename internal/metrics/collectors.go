package metrics

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// poolCollector reads the database pool's statistics at each scrape.
type poolCollector struct{ pool *pgxpool.Pool }

var (
	poolTotal    = prometheus.NewDesc("furstore_db_pool_connections", "Database connections in the pool, by state.", []string{"state"}, nil)
	poolMax      = prometheus.NewDesc("furstore_db_pool_max_connections", "The pool's size limit.", nil, nil)
	poolAcquires = prometheus.NewDesc("furstore_db_pool_acquires_total", "Connections taken from the pool.", nil, nil)
	poolWaits    = prometheus.NewDesc("furstore_db_pool_empty_acquires_total", "Takes that had to wait for a free connection.", nil, nil)
	poolWaited   = prometheus.NewDesc("furstore_db_pool_acquire_wait_seconds_total", "Time spent waiting for a free connection.", nil, nil)
)

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolTotal, poolMax, poolAcquires, poolWaits, poolWaited} {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.pool.Stat()
	ch <- prometheus.MustNewConstMetric(poolTotal, prometheus.GaugeValue, float64(s.IdleConns()), "idle")
	ch <- prometheus.MustNewConstMetric(poolTotal, prometheus.GaugeValue, float64(s.AcquiredConns()), "in_use")
	ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(s.MaxConns()))
	ch <- prometheus.MustNewConstMetric(poolAcquires, prometheus.CounterValue, float64(s.AcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.EmptyAcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolWaited, prometheus.CounterValue, s.AcquireDuration().Seconds())
}

// outboxCollector asks PostgreSQL for the outbox's depth at each scrape (one indexed count).
type outboxCollector struct{ outbox Outbox }

var (
	outboxPending = prometheus.NewDesc("furstore_mail_outbox_pending", "Mails waiting to be sent.", nil, nil)
	outboxOldest  = prometheus.NewDesc("furstore_mail_outbox_oldest_pending_seconds", "How long the oldest waiting mail has waited (0: none).", nil, nil)
)

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxPending
	ch <- outboxOldest
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, oldest, err := c.outbox.Pending(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(outboxPending, err)
		return
	}
	age := 0.0
	if !oldest.IsZero() {
		age = time.Since(oldest).Seconds()
	}
	ch <- prometheus.MustNewConstMetric(outboxPending, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(outboxOldest, prometheus.GaugeValue, age)
}

// cacheCollector reads the catalog answer cache's counters.
type cacheCollector struct{ counts CacheCounts }

var cacheLookups = prometheus.NewDesc("furstore_catalog_cache_lookups_total", "Catalog answers looked up in the answer cache, by result.", []string{"result"}, nil)

func (c *cacheCollector) Describe(ch chan<- *prometheus.Desc) { ch <- cacheLookups }

func (c *cacheCollector) Collect(ch chan<- prometheus.Metric) {
	hits, misses := c.counts()
	ch <- prometheus.MustNewConstMetric(cacheLookups, prometheus.CounterValue, float64(hits), "hit")
	ch <- prometheus.MustNewConstMetric(cacheLookups, prometheus.CounterValue, float64(misses), "miss")
}
