package grpcadapter

import (
	"context"
	"testing"
	"time"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestVerifyLedger_rangeAroundTheHead walks from across the end of an
// intact log: up to head+1 the chain verifies (head+1 is the empty range an
// auditor continuing from the last verified position asks for), and beyond
// it the answer is OUT_OF_RANGE, never a report of tampering.
func TestVerifyLedger_rangeAroundTheHead(t *testing.T) {
	f := newFixture(t)
	f.ingest(t)
	head := f.head(t)
	aud := f.as(f.auditorCred)
	for _, tc := range []struct {
		from, to uint64
		checked  uint64
	}{
		{0, 0, head},
		{head, 0, 1},
		{head + 1, 0, 0},
		{head + 1, head + 5, 0},
		{1, head + 5, head},
	} {
		res, err := f.ledger.VerifyLedger(aud, &pb.VerifyLedgerRequest{From: tc.from, To: tc.to})
		if err != nil || !res.GetOk() || res.GetChecked() != tc.checked {
			t.Errorf("VerifyLedger from %d to %d (head %d): %v %v, want ok with %d checked", tc.from, tc.to, head, res, err, tc.checked)
		}
	}
	for _, from := range []uint64{head + 2, head + 1000, 1 << 62} {
		res, err := f.ledger.VerifyLedger(aud, &pb.VerifyLedgerRequest{From: from})
		if status.Code(err) != codes.OutOfRange {
			t.Errorf("VerifyLedger from %d (head %d): %v %v, want OUT_OF_RANGE", from, head, res, err)
		}
	}
}

// TestWatchEvents_afterBeyondTheHead: resuming after a position the log has
// not reached is OUT_OF_RANGE, as the contract says, rather than a stream
// that waits and then silently skips the positions in between.
func TestWatchEvents_afterBeyondTheHead(t *testing.T) {
	f := newFixture(t)
	head := f.head(t)
	ctx, cancel := context.WithTimeout(f.as(f.reviewerCred), 5*time.Second)
	defer cancel()
	stream, err := f.ledger.WatchEvents(ctx, &pb.WatchEventsRequest{AfterPosition: head + 3})
	if err == nil {
		_, err = stream.Recv()
	}
	if status.Code(err) != codes.OutOfRange {
		t.Fatalf("WatchEvents after %d (head %d): %v, want OUT_OF_RANGE", head+3, head, err)
	}
	// At the head itself the stream is open and delivers the next write.
	stream, err = f.ledger.WatchEvents(ctx, &pb.WatchEventsRequest{AfterPosition: head})
	if err != nil {
		t.Fatal(err)
	}
	f.ingest(t)
	res, err := stream.Recv()
	if err != nil || res.GetEvent().GetPosition() != head+1 {
		t.Fatalf("WatchEvents after the head: %v %v, want position %d", res, err, head+1)
	}
}
