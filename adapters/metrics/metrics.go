// Package metrics exposes claimsd to Prometheus: the gRPC calls, through
// the grpc-ecosystem interceptors, and the ledger's own figures (group
// commits, the log head, projection lag, reviews, claims, the token cache).
//
// What the store does it learns through events.CommitObserver; what the
// other layers know it reads when scraped, through the functions in
// Config, so nothing outside this package imports Prometheus and a server
// that is never scraped pays only for the commit observer.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc"

	"github.com/claimledger/claimledger/events"
)

// Log is what the metrics read of the event log when scraped.
type Log interface {
	Head(ctx context.Context) (uint64, []byte, error)
	ReadAll(ctx context.Context, after uint64, limit int) ([]events.Envelope, error)
}

// Projection is one consumer of the log whose progress is reported.
type Projection struct {
	Name string
	// Applied is the last position the projection committed.
	Applied func() uint64
}

// Sources say where the figures read at scrape time come from. Log is
// required; a nil function leaves its metrics out.
type Sources struct {
	Log         Log
	Projections []Projection
	// ClaimsByStatus counts the claims in the views by status.
	ClaimsByStatus func(ctx context.Context) (map[string]int, error)
	// ReviewsRecorded counts the reviews recorded since the start, by verdict.
	ReviewsRecorded func() map[string]uint64
	// TokenCache counts the credential checks answered from the cache and
	// those that read the views.
	TokenCache func() (hits, misses uint64)
}

// scrapeTimeout bounds the reads one scrape makes.
const scrapeTimeout = 5 * time.Second

// Metrics is the registry of one claimsd.
type Metrics struct {
	reg  *prometheus.Registry
	grpc *grpcprom.ServerMetrics
	log  *slog.Logger
	commits
}

// New registers the gRPC, store, Go runtime and process metrics. Attach
// the Metrics to the store (it is an events.CommitObserver) and its
// interceptors to the gRPC server, call Watch once the store and views are
// open, and serve Handler.
func New(log *slog.Logger) (*Metrics, error) {
	if log == nil {
		log = slog.Default()
	}
	m := &Metrics{reg: prometheus.NewRegistry(), commits: newCommits(), log: log}
	m.grpc = grpcprom.NewServerMetrics(grpcprom.WithServerHandlingTimeHistogram(
		grpcprom.WithHistogramBuckets(prometheus.ExponentialBuckets(0.0005, 2, 14))))
	err := errors.Join(
		m.reg.Register(collectors.NewGoCollector()),
		m.reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})),
		m.reg.Register(m.grpc),
		m.commits.register(m.reg),
	)
	if err != nil {
		return nil, fmt.Errorf("register metrics: %w", err)
	}
	return m, nil
}

// Watch adds the figures read from src at every scrape.
func (m *Metrics) Watch(src Sources) error {
	if src.Log == nil {
		return errors.New("metrics sources: Log is required")
	}
	if err := m.reg.Register(&scraped{src: src, log: m.log}); err != nil {
		return fmt.Errorf("register metrics: %w", err)
	}
	return nil
}

// UnaryInterceptor and StreamInterceptor count the calls by method and
// code and time them; put them outermost so they see the final code.
func (m *Metrics) UnaryInterceptor() grpc.UnaryServerInterceptor {
	return m.grpc.UnaryServerInterceptor()
}

func (m *Metrics) StreamInterceptor() grpc.StreamServerInterceptor {
	return m.grpc.StreamServerInterceptor()
}

// InitializeMetrics reports every method of s at zero, so a rate over a
// method never called yet is 0, not absent.
func (m *Metrics) InitializeMetrics(s *grpc.Server) { m.grpc.InitializeMetrics(s) }

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
