package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/claimledger/claimledger/adapters/metrics"
	"github.com/claimledger/claimledger/app"
	"google.golang.org/grpc"
)

// metricsServer serves Prometheus metrics on a listener of its own, apart
// from the gRPC port, so that scraping needs no token.
type metricsServer struct {
	m    *metrics.Metrics
	lis  net.Listener
	http *http.Server
	done chan struct{}
	log  *slog.Logger
}

// newMetricsServer binds addr first: a taken port fails the start before
// anything is created on disk.
func newMetricsServer(addr string, log *slog.Logger) (*metricsServer, error) {
	m, err := metrics.New(log.With("component", "metrics"))
	if err != nil {
		return nil, err
	}
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listen: %w", err)
	}
	return &metricsServer{m: m, lis: lis, log: log}, nil
}

// serve adds the scraped figures and starts answering.
func (ms *metricsServer) serve(gs *grpc.Server, src metrics.Sources) error {
	if err := ms.m.Watch(src); err != nil {
		return err
	}
	ms.m.InitializeMetrics(gs)
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", ms.m.Handler())
	ms.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	ms.done = make(chan struct{})
	go func() {
		defer close(ms.done)
		if err := ms.http.Serve(ms.lis); err != nil && !errors.Is(err, http.ErrServerClosed) {
			ms.log.Error("metrics server failed", "err", err)
		}
	}()
	ms.log.Info("serving metrics", "addr", ms.lis.Addr().String(), "path", "/metrics")
	return nil
}

// close stops serving; a scrape in flight gets at most a second.
func (ms *metricsServer) close() {
	if ms.http == nil {
		ms.lis.Close()
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := ms.http.Shutdown(ctx); err != nil {
		ms.http.Close()
	}
	<-ms.done
	ms.http = nil
}

func (ms *metricsServer) addr() net.Addr { return ms.lis.Addr() }

// metricSources are what a scrape reads: the log, the views' progress and
// counts, and the counters the app keeps.
func (s *server) metricSources(q *app.Queries) metrics.Sources {
	return metrics.Sources{
		Log:            s.store,
		Projections:    []metrics.Projection{{Name: "views", Applied: s.views.Applied}},
		ClaimsByStatus: s.views.ClaimsByStatus,
		ReviewsRecorded: func() map[string]uint64 {
			out := map[string]uint64{}
			for v, n := range s.cmds.ReviewsRecorded() {
				out[string(v)] = n
			}
			return out
		},
		TokenCache: q.TokenCacheStats,
	}
}
