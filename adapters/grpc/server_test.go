package grpcadapter

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/app"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
)

func TestConfig_Validate(t *testing.T) {
	c := Config{Commands: &app.Commands{}, Queries: &app.Queries{}}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Logger == nil || c.MaxPageSize != 500 || c.DefaultPageSize != 50 || c.MaxRecvMsgBytes != 1<<20+64<<10 || c.MaxConcurrentStreams != 256 {
		t.Errorf("defaults: %+v", c)
	}
	bad := Config{MaxPageSize: 10, DefaultPageSize: 20, MaxRecvMsgBytes: -1}
	err := bad.Validate()
	for _, want := range []string{"Commands is required", "Queries is required", "DefaultPageSize", "MaxRecvMsgBytes"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to mention %q", err, want)
		}
	}
	if _, err := New(Config{}); err == nil {
		t.Error("New accepted a config without Commands and Queries")
	}
}

// TestLogging_oneLinePerCall checks the fields an operator greps for.
func TestLogging_oneLinePerCall(t *testing.T) {
	f := newFixture(t)
	ctx := metadata.AppendToOutgoingContext(f.as(f.reviewerCred), "x-request-id", "trace-77")
	if _, err := f.claims.GetClaim(ctx, &pb.GetClaimRequest{Id: "nope-01"}); err == nil {
		t.Fatal("GetClaim of an unknown claim succeeded")
	}
	var line string
	for _, l := range strings.Split(f.logs.String(), "\n") {
		if strings.Contains(l, "request_id=trace-77") {
			line = l
		}
	}
	for _, want := range []string{"msg=rpc", "method=/claimledger.v1.ClaimService/GetClaim", "code=NotFound", "duration=", "actor=rita", "level=INFO"} {
		if !strings.Contains(line, want) {
			t.Errorf("log line %q lacks %q", line, want)
		}
	}
}

// TestExportClaims_pagesAndStopsWhenTheClientLeaves: the export reads a
// page at a time, and a cancelled call stops paging instead of reading on
// for nobody. (Over the wire a small export is sent whole before a cancel
// arrives, so the paging loop is driven directly.)
func TestExportClaims_pagesAndStopsWhenTheClientLeaves(t *testing.T) {
	f := newFixture(t)
	in := f.ingest(t)
	h := &handlers{cfg: Config{Queries: f.qs, MaxPageSize: 2}}
	var all []string
	err := h.eachClaim(context.Background(), app.ClaimFilter{}, in.GetPosition(), func(c *pb.Claim) error {
		all = append(all, c.GetId())
		return nil
	})
	if err != nil || len(all) != len(in.GetClaims()) {
		t.Fatalf("eachClaim over pages of 2: %d claims, %v; want %d", len(all), err, len(in.GetClaims()))
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err = h.eachClaim(ctx, app.ClaimFilter{}, 0, func(*pb.Claim) error { n++; cancel(); return nil })
	if !errors.Is(err, context.Canceled) || n != 2 {
		t.Errorf("cancelled during the first page: sent %d, err %v; want 2 and context.Canceled", n, err)
	}
}

// TestDrain: health checkers are told NOT_SERVING, and a watch in flight,
// which would follow the log forever, is ended with UNAVAILABLE so the
// drain finishes.
func TestDrain(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(f.as(f.reviewerCred))
	watch, err := f.ledger.WatchEvents(ctx, &pb.WatchEventsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := watch.Recv(); err != nil {
		t.Fatal(err)
	}
	drained := make(chan struct{})
	go func() { f.srv.Drain(); close(drained) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := f.srv.Health.Check(context.Background(), &healthpb.HealthCheckRequest{})
		if err == nil && resp.GetStatus() == healthpb.HealthCheckResponse_NOT_SERVING {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("health still %v during drain", resp.GetStatus())
		}
		time.Sleep(5 * time.Millisecond)
	}
	defer cancel()
	select {
	case <-drained:
	case <-time.After(5 * time.Second):
		t.Fatal("Drain did not return while a watch was open")
	}
	for {
		if _, err := watch.Recv(); err != nil {
			wantCode(t, "watch during drain", err, codes.Unavailable, "shutting down")
			break
		}
	}
}
