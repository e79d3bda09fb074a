package grpcadapter

import (
	"context"
	"testing"
	"time"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestStreams_cappedPerToken: a token may hold MaxStreamsPerToken streams
// open at once; one more is RESOURCE_EXHAUSTED, another token is not
// affected, and a stream that ends frees its place.
func TestStreams_cappedPerToken(t *testing.T) {
	f := newFixtureWith(t, func(c *Config) { c.MaxStreamsPerToken = 2 })
	head := f.head(t)
	ctx, cancel := context.WithTimeout(f.as(f.reviewerCred), 10*time.Second)
	defer cancel()
	var streams []pb.LedgerService_WatchEventsClient
	var cancels []context.CancelFunc
	for range 3 {
		sctx, scancel := context.WithCancel(ctx)
		s, err := f.ledger.WatchEvents(sctx, &pb.WatchEventsRequest{AfterPosition: head})
		if err != nil {
			t.Fatal(err)
		}
		streams, cancels = append(streams, s), append(cancels, scancel)
	}
	other, err := f.ledger.WatchEvents(f.as(f.auditorCred), &pb.WatchEventsRequest{AfterPosition: head})
	if err != nil {
		t.Fatal(err)
	}
	f.ingest(t) // an event for every admitted stream to receive
	refused := -1
	for i, s := range streams {
		_, err := s.Recv()
		switch status.Code(err) {
		case codes.OK:
		case codes.ResourceExhausted:
			if refused >= 0 {
				t.Fatalf("two of three streams refused with a cap of 2: %v", err)
			}
			refused = i
		default:
			t.Fatalf("stream %d: %v", i, err)
		}
	}
	if refused < 0 {
		t.Fatal("three streams open at once with a cap of 2")
	}
	if _, err := other.Recv(); err != nil {
		t.Errorf("another token's stream: %v", err)
	}
	// Ending one stream frees its place (the server learns of it shortly).
	cancels[(refused+1)%3]()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s, err := f.ledger.WatchEvents(ctx, &pb.WatchEventsRequest{AfterPosition: 1})
		if err == nil {
			_, err = s.Recv()
		}
		if err == nil {
			break
		}
		if status.Code(err) != codes.ResourceExhausted || time.Now().After(deadline) {
			t.Fatalf("a stream after one ended: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
