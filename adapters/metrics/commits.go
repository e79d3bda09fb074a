package metrics

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/claimledger/claimledger/events"
)

// commits are the store writer's figures, observed on every commit.
type commits struct {
	appends, events, took, sync prometheus.Histogram
}

var _ events.CommitObserver = (*commits)(nil)

func newCommits() commits {
	sizes := prometheus.ExponentialBuckets(1, 2, 10) // 1 … 512, the writer's largest batch
	seconds := prometheus.ExponentialBuckets(0.0001, 2, 16)
	return commits{
		appends: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "claimledger_store_commit_appends",
			Help: "Appends recorded by one transaction of the log (group-commit batch size); _count is the commits, _sum the appends.", Buckets: sizes}),
		events: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "claimledger_store_commit_events",
			Help: "Events written by one transaction of the log; _sum is the events written.", Buckets: sizes}),
		took: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "claimledger_store_commit_seconds",
			Help: "Time from the start of a log transaction to the end of its commit.", Buckets: seconds}),
		sync: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "claimledger_store_sync_seconds",
			Help: "Time of the COMMIT statement alone: the write-ahead log written and, with synchronous=FULL, fsynced.", Buckets: seconds}),
	}
}

func (c *commits) register(r prometheus.Registerer) error {
	return errors.Join(r.Register(c.appends), r.Register(c.events), r.Register(c.took), r.Register(c.sync))
}

// Committed implements events.CommitObserver: four histogram observations,
// lock-free, on the writer's goroutine.
func (c *commits) Committed(s events.CommitStats) {
	c.appends.Observe(float64(s.Appends))
	c.events.Observe(float64(s.Events))
	c.took.Observe(s.Took.Seconds())
	c.sync.Observe(s.Sync.Seconds())
}
