package metrics

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// scraped reads the figures other layers keep when Prometheus asks, so
// they cost nothing between scrapes.
type scraped struct {
	src Sources
	log *slog.Logger
}

var (
	headDesc = prometheus.NewDesc("claimledger_log_head_position",
		"Position of the last event of the log.", nil, nil)
	projPosDesc = prometheus.NewDesc("claimledger_projection_position",
		"Last log position the projection committed.", []string{"projection"}, nil)
	projLagDesc = prometheus.NewDesc("claimledger_projection_lag_events",
		"Events of the log the projection has not applied yet.", []string{"projection"}, nil)
	projLagSecDesc = prometheus.NewDesc("claimledger_projection_lag_seconds",
		"How long ago the oldest event the projection has not applied was recorded; 0 when it is caught up.", []string{"projection"}, nil)
	claimsDesc = prometheus.NewDesc("claimledger_claims",
		"Claims in the views by workflow status.", []string{"status"}, nil)
	reviewsDesc = prometheus.NewDesc("claimledger_reviews_recorded_total",
		"Reviews recorded by this process since it started, by verdict (retries answered with their first result are not counted).", []string{"verdict"}, nil)
	tokenDesc = prometheus.NewDesc("claimledger_token_cache_lookups_total",
		"Credential checks answered from the token cache (hit) or by reading the views (miss).", []string{"result"}, nil)
	scrapeErrDesc = prometheus.NewDesc("claimledger_scrape_errors",
		"Reads of this scrape that failed (see the server's log); their metrics are missing.", nil, nil)
)

func (s *scraped) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{headDesc, projPosDesc, projLagDesc, projLagSecDesc, claimsDesc, reviewsDesc, tokenDesc, scrapeErrDesc} {
		ch <- d
	}
}

func (s *scraped) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	failed := 0
	fail := func(what string, err error) {
		failed++
		s.log.Warn("metrics: read failed", "what", what, "err", err)
	}
	head, _, err := s.src.Log.Head(ctx)
	if err != nil {
		fail("log head", err)
	} else {
		ch <- prometheus.MustNewConstMetric(headDesc, prometheus.GaugeValue, float64(head))
		for _, p := range s.src.Projections {
			applied := p.Applied()
			ch <- prometheus.MustNewConstMetric(projPosDesc, prometheus.GaugeValue, float64(applied), p.Name)
			ch <- prometheus.MustNewConstMetric(projLagDesc, prometheus.GaugeValue, float64(head-min(head, applied)), p.Name)
			age, err := s.lagSeconds(ctx, applied, head)
			if err != nil {
				fail("projection lag of "+p.Name, err)
				continue
			}
			ch <- prometheus.MustNewConstMetric(projLagSecDesc, prometheus.GaugeValue, age, p.Name)
		}
	}
	if s.src.ClaimsByStatus != nil {
		if counts, err := s.src.ClaimsByStatus(ctx); err != nil {
			fail("claims by status", err)
		} else {
			for status, n := range counts {
				ch <- prometheus.MustNewConstMetric(claimsDesc, prometheus.GaugeValue, float64(n), status)
			}
		}
	}
	if s.src.ReviewsRecorded != nil {
		for verdict, n := range s.src.ReviewsRecorded() {
			ch <- prometheus.MustNewConstMetric(reviewsDesc, prometheus.CounterValue, float64(n), verdict)
		}
	}
	if s.src.TokenCache != nil {
		hits, misses := s.src.TokenCache()
		ch <- prometheus.MustNewConstMetric(tokenDesc, prometheus.CounterValue, float64(hits), "hit")
		ch <- prometheus.MustNewConstMetric(tokenDesc, prometheus.CounterValue, float64(misses), "miss")
	}
	ch <- prometheus.MustNewConstMetric(scrapeErrDesc, prometheus.GaugeValue, float64(failed))
}

// lagSeconds is the age of the first event after applied: how long the
// projection's readers have been missing it.
func (s *scraped) lagSeconds(ctx context.Context, applied, head uint64) (float64, error) {
	if applied >= head {
		return 0, nil
	}
	next, err := s.src.Log.ReadAll(ctx, applied, 1)
	if err != nil || len(next) == 0 {
		return 0, err
	}
	return max(0, time.Since(next[0].RecordedAt).Seconds()), nil
}
