package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/claimledger/claimledger/events"
)

// Guarantee 7: a consumer that keeps its checkpoint resumes after a
// restart with no gap and no duplicate.
func (s *suite) testCheckpoint(t *testing.T) {
	dir := t.TempDir()
	st := s.openStore(t, dir)
	// Six appends of five events: the checkpoint below falls inside the
	// third append (positions 11..15).
	for i := range 6 {
		mustAppend(t, st, events.AppendRequest{StreamID: fmt.Sprint("claim-", i%3), Expected: events.Any, Events: batch(5, 5*i)})
	}
	const processed = 12

	ctx, cancel := context.WithCancel(t.Context())
	sub := subscribe(t, st, ctx, 0)
	seen := collect(t, sub, 0, processed)
	assertDensePositions(t, "first run", seen, 1)
	checkpoint := seen[len(seen)-1].Position
	cancel()
	ended(t, sub)
	mustClose(t, st)

	st = s.openStore(t, dir)
	sub = subscribe(t, st, t.Context(), checkpoint)
	var added []events.Envelope
	for i := range 4 {
		r := mustAppend(t, st, events.AppendRequest{StreamID: fmt.Sprint("claim-", i%3), Expected: events.Any, Events: batch(1+i, 100*i)})
		added = append(added, r.Events...)
	}
	want := readAll(t, st, checkpoint, 0)
	if len(want) != 30-processed+len(added) {
		t.Fatalf("ReadAll after checkpoint %d: %d events, want %d", checkpoint, len(want), 30-processed+len(added))
	}
	rest := collect(t, sub, checkpoint, len(want))
	assertDensePositions(t, fmt.Sprintf("resumed after checkpoint %d", checkpoint), rest, checkpoint+1)
	assertSameEnvelopes(t, "resumed subscription vs ReadAll", rest, want)
	assertSameEnvelopes(t, "events appended after the restart", rest[len(rest)-len(added):], added)
	assertQuiet(t, sub)
}
