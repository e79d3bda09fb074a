package main

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/tracing"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// projectorPause is a span processor that holds the projector at the start
// of its next event while paused: the views stop moving without failing,
// as a projector that cannot keep up with the log does.
type projectorPause struct {
	mu   sync.Mutex
	gate chan struct{} // nil while the projector runs
}

func (p *projectorPause) pause() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gate == nil {
		p.gate = make(chan struct{})
	}
}

func (p *projectorPause) resume() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gate != nil {
		close(p.gate)
		p.gate = nil
	}
}

func (p *projectorPause) OnStart(_ context.Context, s sdktrace.ReadWriteSpan) {
	if !strings.HasPrefix(s.Name(), "project ") {
		return
	}
	p.mu.Lock()
	gate := p.gate
	p.mu.Unlock()
	if gate != nil {
		select { // bounded, so that a failing test never hangs here
		case <-gate:
		case <-time.After(time.Minute):
		}
	}
}

func (p *projectorPause) OnEnd(sdktrace.ReadOnlySpan)      {}
func (p *projectorPause) Shutdown(context.Context) error   { return nil }
func (p *projectorPause) ForceFlush(context.Context) error { return nil }

// TestE2E_healthFollowsTheViewsLag pauses the projector (it neither fails
// nor moves) and writes until the views are more than --max-views-lag
// events behind the log: health says NOT_SERVING, with one log line giving
// the lag, and SERVING again, with one line, once the projector catches up.
func TestE2E_healthFollowsTheViewsLag(t *testing.T) {
	logs := &syncBuffer{}
	pause := &projectorPause{}
	dir := t.TempDir()
	o := testOptions(t, dir, "--max-views-lag", "2")
	o.tracing = tracing.New(sdktrace.WithSpanProcessor(pause))
	ts := startServerOptions(t, dir, slog.New(slog.NewTextHandler(logs, nil)), o)
	t.Cleanup(pause.resume) // before the server's shutdown, which waits for the projector
	health := healthpb.NewHealthClient(ts.conn)
	waitHealth(t, health, healthpb.HealthCheckResponse_SERVING)

	pause.pause()
	// Two registrations, two events each: four events the views lack. Each
	// call waits (bounded) for the views to answer with the reviewer, so
	// they run beside the test.
	registered := make(chan error, 2)
	for _, name := range []string{"alice", "bob"} {
		go func() {
			ctx, cancel := context.WithTimeout(as(ts.admin), time.Minute)
			defer cancel()
			_, err := ts.adminSvc.RegisterReviewer(ctx, &pb.RegisterReviewerRequest{RequestId: rid("reg"), Name: name, Role: pb.Role_ROLE_REVIEWER})
			registered <- err
		}()
	}
	waitHealth(t, health, healthpb.HealthCheckResponse_NOT_SERVING)
	if !strings.Contains(logs.String(), "events behind the log (--max-views-lag 2)") {
		t.Errorf("no log line giving the lag:\n%s", logs.String())
	}
	pause.resume()
	waitHealth(t, health, healthpb.HealthCheckResponse_SERVING)
	for range 2 {
		if err := <-registered; err != nil {
			t.Errorf("register while the projector was paused: %v", err)
		}
	}
	if n := strings.Count(logs.String(), "health: NOT_SERVING"); n != 1 {
		t.Errorf("%d lines for the turn to NOT_SERVING, want 1 (a line per turn, not per poll):\n%s", n, logs.String())
	}
	if n := strings.Count(logs.String(), "health: SERVING again"); n != 1 {
		t.Errorf("%d lines for the turn back to SERVING, want 1:\n%s", n, logs.String())
	}
	if strings.Contains(logs.String(), "consumer transaction failed") {
		t.Errorf("the paused projector was reported failing; the test meant to hold it, not fail it:\n%s", logs.String())
	}
}

// TestE2E_healthWhileTheLedgerIsFull fills the ledger (the store's file
// may not grow: SQLITE_FULL, as on a full disk, in the insert rather than
// the commit): a write fails, health says NOT_SERVING naming the store and
// stays so; once there is room again it says SERVING with no write coming
// (a balancer sends none to a server that is NOT_SERVING), and writes work.
func TestE2E_healthWhileTheLedgerIsFull(t *testing.T) {
	logs := &syncBuffer{}
	ts := startServerLog(t, t.TempDir(), slog.New(slog.NewTextHandler(logs, nil)))
	health := healthpb.NewHealthClient(ts.conn)
	waitHealth(t, health, healthpb.HealthCheckResponse_SERVING)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := ts.srv.sqlite.LimitSize(ctx, 1); err != nil {
		t.Fatal(err)
	}
	// Small rows fit in the room left in the file's last pages; the writes
	// go on until one needs a new page.
	var failed error
	for i := 0; i < 200 && failed == nil; i++ {
		_, failed = ts.adminSvc.RegisterReviewer(as(ts.admin), &pb.RegisterReviewerRequest{RequestId: rid("reg"), Name: rid("r"), Role: pb.Role_ROLE_REVIEWER})
	}
	if failed == nil {
		t.Fatal("200 registrations fitted in a ledger that may not grow; the test does not fill it")
	}
	wantCode(t, "a write to the full ledger", failed, codes.Unavailable)
	waitHealth(t, health, healthpb.HealthCheckResponse_NOT_SERVING)
	if !strings.Contains(logs.String(), "the event store cannot write") || !strings.Contains(logs.String(), "full") {
		t.Errorf("no log line saying the store is full:\n%s", logs.String())
	}

	time.Sleep(3 * time.Second) // the writer probes the file every second
	if res, err := health.Check(ctx, &healthpb.HealthCheckRequest{}); err != nil || res.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Fatalf("health while the ledger stays full = %v, %v; want NOT_SERVING", res, err)
	}

	if _, err := ts.srv.sqlite.LimitSize(ctx, 0); err != nil {
		t.Fatal(err)
	}
	waitHealth(t, health, healthpb.HealthCheckResponse_SERVING)
	if n := strings.Count(logs.String(), "health: NOT_SERVING"); n != 1 {
		t.Errorf("%d lines for the turn to NOT_SERVING, want 1:\n%s", n, logs.String())
	}
	res, err := ts.adminSvc.RegisterReviewer(as(ts.admin), &pb.RegisterReviewerRequest{RequestId: rid("reg"), Name: "after-room", Role: pb.Role_ROLE_REVIEWER})
	if err != nil {
		t.Fatalf("register once there is room: %v", err)
	}
	ts.waitViews(res.GetPosition())
	if checked := ts.verify(); checked != res.GetPosition() {
		t.Errorf("verify checked %d events, want the %d up to the last write", checked, res.GetPosition())
	}
}
