package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/adapters/tracing"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

const (
	benchCallers = 64 // concurrent callers
	benchConns   = 4  // client connections they share
)

// benchArticle is the i-th made-up article of the benchmark: distinct
// figures make distinct bodies, and each yields several claims.
func benchArticle(i int) *pb.IngestArticleRequest {
	body := fmt.Sprintf("Province %d will spend %d.%d billion yuan ($%d million) on water projects, according to the 2024 provincial budget released on Monday.\n"+
		"The agency said the money would pay for %d kilometres of pipes over %d years.\n"+
		"Officials expect household water use to fall %d percent by 2030, and %d towns will get new treatment plants.\n",
		i, 2+i%7, i%10, 280+i, 100+i, 3+i%5, 5+i%20, 10+i)
	return &pb.IngestArticleRequest{RequestId: fmt.Sprintf("bench-article-%d", i), Title: fmt.Sprintf("Province %d Sets Out 2025 Water Plan", i),
		Body: body, Published: "2025-01-13"}
}

// BenchmarkReviewLoad measures review commands end to end (64 callers over
// 4 connections, each call on a distinct claim) against grpc.health.v1
// Check calls made by the same client in the same run, once with each
// durability profile of the store.
//
//	go test ./cmd/claimsd -run '^$' -bench BenchmarkReviewLoad -benchtime 3000x
func BenchmarkReviewLoad(b *testing.B) {
	for _, sync := range []sqlite.Synchronous{sqlite.Full, sqlite.Normal} {
		b.Run("synchronous="+string(sync), func(b *testing.B) { benchReviewLoad(b, sync, nil) })
	}
}

// BenchmarkReviewLoadMetrics is BenchmarkReviewLoad with the durable
// store, without and with --metrics, scraped every second as Prometheus
// would (more often than its usual 15 s) while the calls run.
//
//	go test ./cmd/claimsd -run '^$' -bench BenchmarkReviewLoadMetrics -benchtime 3000x -count 3
//
// The third run adds tracing: every span is made, batched and handed to an
// exporter that drops it, so what is measured is the server's side of
// tracing without a collector's network.
func BenchmarkReviewLoadMetrics(b *testing.B) {
	b.Run("metrics=off", func(b *testing.B) { benchReviewLoad(b, sqlite.Full, nil) })
	b.Run("metrics=on", func(b *testing.B) { benchReviewLoad(b, sqlite.Full, nil, "--metrics", "127.0.0.1:0") })
	b.Run("metrics=on,tracing=on", func(b *testing.B) {
		benchReviewLoad(b, sqlite.Full, tracing.New(sdktrace.WithBatcher(discardSpans{})), "--metrics", "127.0.0.1:0")
	})
}

// discardSpans is a span exporter that drops what it gets.
type discardSpans struct{}

func (discardSpans) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discardSpans) Shutdown(context.Context) error                             { return nil }

func benchReviewLoad(b *testing.B, sync sqlite.Synchronous, tr *tracing.Tracing, extra ...string) {
	// Logs are formatted as claimsd formats them, then dropped.
	// One token makes every call: the benchmark measures the server, not
	// the per-token rate limit.
	dir := b.TempDir()
	o := testOptions(b, dir, append([]string{"--synchronous", string(sync), "--rate-limit", "0"}, extra...)...)
	o.tracing = tr
	ts := startServerOptions(b, dir, slog.New(slog.NewTextHandler(io.Discard, nil)), o)
	if ts.srv.metrics != nil {
		defer scrapeEverySecond(b, ts)()
	}
	token := ts.register("loadtester", pb.Role_ROLE_REVIEWER)
	conns := make([]*grpc.ClientConn, benchConns)
	for i := range conns {
		conns[i] = dial(b, ts.srv.addr().String())
		defer conns[i].Close()
	}
	// Twice the claims: half for the reviews over gRPC, half for the same
	// commands made in-process.
	claims := benchClaims(b, ts.articles, token, 2*b.N)

	// How far the views trail the log while the reviews run: every review
	// waits for the views to reach its own event before it answers.
	var lag atomic.Uint64
	stopLag := make(chan struct{})
	lagDone := make(chan struct{})
	go func() {
		defer close(lagDone)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stopLag:
				return
			case <-tick.C:
				head, _, err := ts.srv.store.Head(context.Background())
				if applied := ts.srv.views.Applied(); err == nil && head > applied && head-applied > lag.Load() {
					lag.Store(head - applied)
				}
			}
		}
	}()
	ctx := as(token)
	stopProfile := profilePhase(b, "REVIEWLOAD_CPUPROFILE")

	reviews := measure(b.N, func(caller, i int) error {
		_, err := pb.NewClaimServiceClient(conns[caller%benchConns]).SubmitReview(ctx, &pb.SubmitReviewRequest{
			RequestId: fmt.Sprintf("bench-vote-%d", i), ClaimId: claims[i], Verdict: pb.Verdict_VERDICT_CONFIRM,
			EvidenceUrls: []string{"https://stats.example.gov/water"}})
		return err
	})
	close(stopLag)
	<-lagDone
	// Let the projector finish the reviews' events first, so the health
	// checks do not share the cores with it; what it spends is the
	// reviews' cost.
	waitViews(b, ts)
	reviews.cpu = processCPU() - reviews.cpu0
	stopProfile()
	health := measure(b.N, func(caller, _ int) error {
		_, err := healthpb.NewHealthClient(conns[caller%benchConns]).Check(context.Background(), &healthpb.HealthCheckRequest{})
		return err
	})
	// The same reviews as commands in-process: no gRPC, no authentication,
	// still the domain, the durable append and the views' projection.
	commandCtx := context.Background()
	actor := app.Actor{ID: "loadtester", Role: reviewer.RoleReviewer}
	stopProfile = profilePhase(b, "COMMANDS_CPUPROFILE")
	commands := measure(b.N, func(_, i int) error {
		_, err := ts.srv.cmds.SubmitReview(commandCtx, actor, app.Mutation{RequestID: fmt.Sprintf("bench-command-%d", i), ClaimID: claims[b.N+i]},
			claim.Vote{Verdict: claim.VerdictConfirm, Evidence: []string{"https://stats.example.gov/water"}})
		return err
	})
	waitViews(b, ts)
	commands.cpu = processCPU() - commands.cpu0
	stopProfile()
	appends := measureAppends(b, b.N, sync)
	if err := errors.Join(reviews.err, health.err, commands.err, appends.err); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(reviews.elapsed.Nanoseconds())/float64(b.N), "ns/op")
	b.ReportMetric(reviews.rate(), "reviews/s")
	b.ReportMetric(ms(reviews.pct(50)), "review-p50-ms")
	b.ReportMetric(ms(reviews.pct(99)), "review-p99-ms")
	b.ReportMetric(health.rate(), "health/s")
	b.ReportMetric(ms(health.pct(50)), "health-p50-ms")
	b.ReportMetric(ms(health.pct(99)), "health-p99-ms")
	b.ReportMetric(reviews.rate()/health.rate(), "ratio")
	b.ReportMetric(reviews.cpuPerCall(), "review-cpu-us")
	b.ReportMetric(health.cpuPerCall(), "health-cpu-us")
	b.ReportMetric(commands.rate(), "commands/s")
	b.ReportMetric(commands.cpuPerCall(), "command-cpu-us")
	b.ReportMetric(appends.rate(), "appends/s")
	b.ReportMetric(appends.cpuPerCall(), "append-cpu-us")
	// The best ratio a review could reach if its call cost no more than a
	// health check and its command no more than in-process: CPU is what
	// both phases are bound by.
	b.ReportMetric(health.cpuPerCall()/(health.cpuPerCall()+commands.cpuPerCall()), "ratio-bound")
	b.ReportMetric(float64(lag.Load()), "max-view-lag-events")
}

// scrapeEverySecond reads the metrics endpoint once a second until stopped.
func scrapeEverySecond(b *testing.B, ts *testServer) (stop func()) {
	done, quit := make(chan struct{}), make(chan struct{})
	url := "http://" + ts.srv.metrics.addr().String() + "/metrics"
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
				res, err := http.Get(url)
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		}
	}()
	return func() { close(quit); <-done }
}

// profilePhase writes a CPU profile of the phase that follows to the file
// named by the environment variable env, when it is set: the review phase
// alone, without the set-up that ingests the articles.
func profilePhase(b *testing.B, env string) (stop func()) {
	path := os.Getenv(env)
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// waitViews returns once the views have applied the whole log.
func waitViews(b *testing.B, ts *testServer) {
	head, _, err := ts.srv.store.Head(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := ts.srv.views.WaitApplied(ctx, head); err != nil {
		b.Fatalf("views did not catch up: %v", err)
	}
}

// reviewPayloads are the shapes of the two events a review records, as
// the service encodes them.
var reviewPayloads = [2]string{
	`{"claim_id":"%s","vote":{"reviewer":"loadtester","verdict":"confirm","evidence":["https://stats.example.gov/water"],"at":"2026-11-27T17:20:01.123456789Z"}}`,
	`{"claim_id":"%s","from":"extracted","to":"in_review","reason":"first vote","at":"2026-11-27T17:20:01.123456789Z"}`,
}

// measureAppends is the durable floor of a review: n appends shaped like
// a review's (two events and a request id on an existing claim stream, as
// the store last wrote it) made by the same number of callers on a fresh
// store with the same durability, and nothing else in the process running.
func measureAppends(b *testing.B, n int, sync sqlite.Synchronous) phase {
	store, err := sqlite.Open(sqlite.Config{Path: filepath.Join(b.TempDir(), "floor.db"), Synchronous: sync})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	stream := func(i int) string { return fmt.Sprintf("claim-floor%07d-01", i) }
	extracted := measure(n, func(_, i int) error { // the claims, untimed
		_, err := store.Append(ctx, events.AppendRequest{StreamID: stream(i), Expected: events.NoStream,
			Events: []events.Proposed{{Type: "claim.extracted", Payload: []byte(`{"text":"2 trillion yuan ($280 billion)"}`)}}})
		return err
	})
	if extracted.err != nil {
		b.Fatal(extracted.err)
	}
	defer profilePhase(b, "APPENDFLOOR_CPUPROFILE")()
	return measure(n, func(_, i int) error {
		req := events.AppendRequest{StreamID: stream(i), Expected: events.Exact(1), RequestID: fmt.Sprintf("loadtester/bench-vote-%d", i)}
		for j, typ := range []string{"review.submitted", "claim.status_changed"} {
			req.Events = append(req.Events, events.Proposed{Type: typ, Payload: []byte(fmt.Sprintf(reviewPayloads[j], stream(i))),
				Actor: "loadtester", CorrelationID: fmt.Sprintf("bench-vote-%d", i), CausationID: "cmd:00112233445566778899aabbccddeeff"})
		}
		_, err := store.Append(ctx, req)
		return err
	})
}

// benchClaims ingests enough articles to have n distinct claims, outside
// the timer.
func benchClaims(b *testing.B, articles pb.ArticleServiceClient, token string, n int) []string {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	var mu sync.Mutex
	var ids []string
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			for {
				mu.Lock()
				enough := len(ids) >= n
				mu.Unlock()
				if enough {
					return
				}
				res, err := ingestRetrying(articles, token, benchArticle(int(next.Add(1))))
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				for _, c := range res.GetClaims() {
					ids = append(ids, c.GetId())
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatalf("ingest: %v", err)
	}
	return ids[:n]
}

// ingestRetrying ingests an article, sending it again (same request id)
// while the server answers Aborted, as a client is told to: every article
// matches claims of the ones before it, so eight ingesting at once race
// for the same claims' streams, and on PostgreSQL, where an append takes
// longer, a command can lose that race more often than the server decides
// it again itself.
func ingestRetrying(articles pb.ArticleServiceClient, token string, req *pb.IngestArticleRequest) (*pb.IngestArticleResponse, error) {
	for attempt := 1; ; attempt++ {
		res, err := articles.IngestArticle(as(token), req)
		if status.Code(err) != codes.Aborted || attempt == 10 {
			return res, err
		}
	}
}

// phase is one measured phase: n calls shared by the callers.
type phase struct {
	elapsed time.Duration
	// cpu is the process's CPU time (user and system) during the phase,
	// and cpu0 the process's CPU time when the phase began.
	cpu, cpu0 time.Duration
	latencies []time.Duration // sorted
	err       error
}

func (r phase) rate() float64 { return float64(len(r.latencies)) / r.elapsed.Seconds() }

// cpuPerCall is the process's CPU time per call in microseconds: client,
// server, and whatever the server does in the background meanwhile.
func (r phase) cpuPerCall() float64 {
	return float64(r.cpu.Microseconds()) / float64(max(1, len(r.latencies)))
}

// processCPU is the CPU time the process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (r phase) pct(p int) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[min(len(r.latencies)-1, len(r.latencies)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// measure makes n calls of call from benchCallers goroutines, call i once
// each, and times every one.
func measure(n int, call func(caller, i int) error) phase {
	var next atomic.Int64
	var wg sync.WaitGroup
	per := make([][]time.Duration, benchCallers)
	errs := make([]error, benchCallers)
	cpu0, start := processCPU(), time.Now()
	for c := range benchCallers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t0 := time.Now()
				if err := call(c, i); err != nil {
					errs[c] = fmt.Errorf("call %d: %w", i, err)
					return
				}
				per[c] = append(per[c], time.Since(t0))
			}
		})
	}
	wg.Wait()
	r := phase{elapsed: time.Since(start), cpu: processCPU() - cpu0, cpu0: cpu0, latencies: slices.Concat(per...)}
	slices.Sort(r.latencies)
	for _, err := range errs {
		if err != nil {
			r.err = err
			break
		}
	}
	return r
}
