package grpcadapter

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"google.golang.org/grpc/metadata"
	"time"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// heapInUse is the live heap after a full collection.
func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestWatchEvents_clientThatNeverReads: a client opens WatchEvents and reads
// nothing while large articles are recorded. What the server holds for it
// stays a few MiB (flow control stops Send, the subscription stops
// reading), not every event written meanwhile; once the client reads, it
// gets every event once, in order.
func TestWatchEvents_clientThatNeverReads(t *testing.T) {
	f := newFixture(t)
	start := f.head(t)
	// The stream lives through 40 ingests: not the 15 s of one call.
	ctx, cancel := context.WithTimeout(metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+f.reviewerCred), 2*time.Minute)
	defer cancel()
	stalled, err := f.ledger.WatchEvents(ctx, &pb.WatchEventsRequest{AfterPosition: start})
	if err != nil {
		t.Fatal(err)
	}
	const articles, bodyBytes = 40, 256 << 10
	para := "The harbour board met again and talked at length about the weather\n"
	for i := range articles {
		body := fmt.Sprintf("Board meeting number %d\n", i) + strings.Repeat(para, bodyBytes/len(para))
		if _, err := f.articles.IngestArticle(f.as(f.reviewerCred), &pb.IngestArticleRequest{
			RequestId: fmt.Sprintf("big-%d", i), Title: "Board meeting", Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	head := f.head(t)
	time.Sleep(300 * time.Millisecond) // let the stalled stream take what it will
	held := heapInUse()

	// A second watcher that reads to the head and leaves, to compare with.
	rctx, rcancel := context.WithCancel(f.as(f.reviewerCred))
	reader, err := f.ledger.WatchEvents(rctx, &pb.WatchEventsRequest{AfterPosition: start})
	if err != nil {
		t.Fatal(err)
	}
	for pos := start + 1; pos <= head; pos++ {
		if _, err := reader.Recv(); err != nil {
			t.Fatal(err)
		}
	}
	rcancel()

	// The stalled client now reads: every event once, in order.
	for pos := start + 1; pos <= head; pos++ {
		res, err := stalled.Recv()
		if err != nil {
			t.Fatalf("stalled watcher at %d of %d: %v", pos, head, err)
		}
		if got := res.GetEvent().GetPosition(); got != pos {
			t.Fatalf("stalled watcher: position %d, want %d", got, pos)
		}
	}
	cancel()
	time.Sleep(300 * time.Millisecond) // the server ends the stream
	released := heapInUse()
	pinned := int64(held) - int64(released)
	t.Logf("a stalled watcher held %d KiB while %d events of %d KiB were written", pinned>>10, head-start, bodyBytes>>10)
	if limit := int64(4 << 20); pinned > limit {
		t.Errorf("a watcher that never reads held %d MiB on the server, want at most %d MiB", pinned>>20, limit>>20)
	}
}
