package main

import (
	"context"
	"net/http"
	"testing"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// scrape reads the metrics endpoint over HTTP, as Prometheus does.
func scrape(t *testing.T, ts *testServer) map[string]*dto.MetricFamily {
	t.Helper()
	res, err := http.Get("http://" + ts.srv.metrics.addr().String() + "/metrics")
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %s", res.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("parse the scrape: %v", err)
	}
	return fams
}

// value is the metric of fam whose labels include want: a counter's or
// gauge's value, a histogram's sample count. -1 when there is none.
func value(fams map[string]*dto.MetricFamily, fam string, want map[string]string) float64 {
	f := fams[fam]
	if f == nil {
		return -1
	}
next:
	for _, m := range f.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if labels[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue()
		case m.Gauge != nil:
			return m.GetGauge().GetValue()
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount())
		}
	}
	return -1
}

func histogramSum(fams map[string]*dto.MetricFamily, fam string) float64 {
	if f := fams[fam]; f != nil && len(f.GetMetric()) == 1 {
		return f.GetMetric()[0].GetHistogram().GetSampleSum()
	}
	return -1
}

func TestMetrics_scrapeShowsCallsCommitsViewsAndReviews(t *testing.T) {
	ts := startServer(t, t.TempDir(), "--metrics", "127.0.0.1:0", "--quorum", "2")
	before := scrape(t, ts)
	submit := map[string]string{"grpc_method": "SubmitReview", "grpc_code": "OK"}
	if got := value(before, "grpc_server_handled_total", submit); got != 0 {
		t.Errorf("SubmitReview OK before any call = %v, want 0 (every method is reported from the start)", got)
	}

	alice := ts.register("alice", pb.Role_ROLE_REVIEWER)
	bob := ts.register("bob", pb.Role_ROLE_REVIEWER)
	ing, err := ts.articles.IngestArticle(as(alice), &pb.IngestArticleRequest{RequestId: rid("ingest"),
		Title: railTitle, Body: railBody, Url: railURL, Published: railPublished})
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	claims := ing.GetClaims()
	vote := func(who, claimID string, verdict pb.Verdict, reason pb.DisputeReason) uint64 {
		t.Helper()
		res, err := ts.claims.SubmitReview(as(who), &pb.SubmitReviewRequest{RequestId: rid("vote"), ClaimId: claimID, Verdict: verdict, Reason: reason})
		if err != nil {
			t.Fatalf("vote: %v", err)
		}
		return res.GetPosition()
	}
	vote(alice, claims[0].GetId(), pb.Verdict_VERDICT_CONFIRM, 0)
	vote(bob, claims[0].GetId(), pb.Verdict_VERDICT_CONFIRM, 0)
	vote(alice, claims[1].GetId(), pb.Verdict_VERDICT_DISPUTE, pb.DisputeReason_DISPUTE_REASON_WRONG_VALUE)
	last := vote(alice, claims[2].GetId(), pb.Verdict_VERDICT_UNVERIFIABLE, 0)
	_, err = ts.claims.SubmitReview(context.Background(), &pb.SubmitReviewRequest{RequestId: rid("vote"), ClaimId: claims[3].GetId(), Verdict: pb.Verdict_VERDICT_CONFIRM})
	wantCode(t, "vote without a token", err, codes.Unauthenticated)
	if _, err := healthpb.NewHealthClient(ts.conn).Check(context.Background(), &healthpb.HealthCheckRequest{}); err != nil {
		t.Fatal(err)
	}
	ts.waitViews(last)

	after := scrape(t, ts)
	checks := []struct {
		what string
		got  float64
		want float64
	}{
		{"SubmitReview OK", value(after, "grpc_server_handled_total", submit), 4},
		{"SubmitReview UNAUTHENTICATED", value(after, "grpc_server_handled_total", map[string]string{"grpc_method": "SubmitReview", "grpc_code": "Unauthenticated"}), 1},
		{"SubmitReview latency samples", value(after, "grpc_server_handling_seconds", map[string]string{"grpc_method": "SubmitReview"}), 5},
		{"health Check OK", value(after, "grpc_server_handled_total", map[string]string{"grpc_service": "grpc.health.v1.Health", "grpc_method": "Check", "grpc_code": "OK"}), 1},
		{"log head", value(after, "claimledger_log_head_position", nil), float64(last)},
		{"views position", value(after, "claimledger_projection_position", map[string]string{"projection": "views"}), float64(last)},
		{"views lag in events", value(after, "claimledger_projection_lag_events", map[string]string{"projection": "views"}), 0},
		{"views lag in seconds", value(after, "claimledger_projection_lag_seconds", map[string]string{"projection": "views"}), 0},
		{"reviews confirm", value(after, "claimledger_reviews_recorded_total", map[string]string{"verdict": "confirm"}), 2},
		{"reviews dispute", value(after, "claimledger_reviews_recorded_total", map[string]string{"verdict": "dispute"}), 1},
		{"reviews unverifiable", value(after, "claimledger_reviews_recorded_total", map[string]string{"verdict": "unverifiable"}), 1},
		{"claims confirmed", value(after, "claimledger_claims", map[string]string{"status": "confirmed"}), 1},
		{"claims under review", value(after, "claimledger_claims", map[string]string{"status": "under_review"}), 2},
		{"claims extracted", value(after, "claimledger_claims", map[string]string{"status": "extracted"}), float64(len(claims) - 3)},
		{"scrape errors", value(after, "claimledger_scrape_errors", nil), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	// Every event written since the first scrape is counted in a commit.
	headBefore := value(before, "claimledger_log_head_position", nil)
	if evs := histogramSum(after, "claimledger_store_commit_events") - histogramSum(before, "claimledger_store_commit_events"); evs != float64(last)-headBefore {
		t.Errorf("events committed since the first scrape = %v, want %v (head %v then %d)", evs, float64(last)-headBefore, headBefore, last)
	}
	commits := value(after, "claimledger_store_commit_appends", nil)
	if commits <= value(before, "claimledger_store_commit_appends", nil) || value(after, "claimledger_store_sync_seconds", nil) != commits ||
		value(after, "claimledger_store_commit_seconds", nil) != commits {
		t.Errorf("commits: before %v, after %v; sync samples %v, commit samples %v", value(before, "claimledger_store_commit_appends", nil), commits,
			value(after, "claimledger_store_sync_seconds", nil), value(after, "claimledger_store_commit_seconds", nil))
	}
	// Each call after the registrations authenticated alice or bob; the
	// votes were answered from the token cache.
	if hits := value(after, "claimledger_token_cache_lookups_total", map[string]string{"result": "hit"}); hits < 3 {
		t.Errorf("token cache hits = %v, want at least 3", hits)
	}
}
