package storetest

import (
	"fmt"
	"testing"

	"github.com/claimledger/claimledger/events"
)

// Guarantee 4: everything acknowledged before Close is there after
// reopening. (Surviving SIGKILL is each adapter's own test: it needs a
// child process.)
func (s *suite) testDurability(t *testing.T) {
	dir := t.TempDir()
	st := s.openStore(t, dir)
	var results []events.AppendResult
	for i := range 12 {
		req := events.AppendRequest{StreamID: fmt.Sprintf("claim-%d", i%3), Expected: events.Any, Events: batch(1+i%3, 10*i)}
		if i == 5 {
			req.RequestID = "req-before-close"
		}
		results = append(results, mustAppend(t, st, req))
	}
	before := readAll(t, st, 0, 0)
	head := mustHead(t, st)
	if head.pos != uint64(len(before)) || head.pos != results[len(results)-1].ToPosition {
		t.Fatalf("before close: Head %d, ReadAll %d events, last acknowledged position %d", head.pos, len(before), results[len(results)-1].ToPosition)
	}
	mustClose(t, st)

	st = s.openStore(t, dir)
	assertSameEnvelopes(t, "ReadAll after reopening", readAll(t, st, 0, 0), before)
	assertHead(t, st, head, "after reopening")
	for _, r := range results {
		got := readStream(t, st, r.StreamID, 0)
		if uint64(len(got)) < r.ToVersion {
			t.Fatalf("after reopening, stream %s has %d events, acknowledged up to version %d", r.StreamID, len(got), r.ToVersion)
		}
		assertSameEnvelopes(t, fmt.Sprintf("stream %s versions %d..%d after reopening", r.StreamID, r.FromVersion, r.ToVersion),
			got[r.FromVersion-1:r.ToVersion], r.Events)
	}

	// The idempotency record is durable too.
	retry := mustAppend(t, st, events.AppendRequest{StreamID: "claim-2", Expected: events.NoStream, RequestID: "req-before-close", Events: batch(3, 50)})
	assertReplayOf(t, "retry by request id after reopening", retry, results[5])

	// The log continues where it ended: no position and no version reused.
	next := mustAppend(t, st, events.AppendRequest{StreamID: "claim-0", Expected: events.Exact(results[9].ToVersion), Events: batch(2, 500)})
	if next.FromPosition != head.pos+1 {
		t.Errorf("first append after reopening at position %d, want %d", next.FromPosition, head.pos+1)
	}
	if want := head.hash; string(next.Events[0].PrevHash) != string(want) {
		t.Errorf("first append after reopening: PrevHash %x, want the old head's hash %x", next.Events[0].PrevHash, want)
	}
	mustClose(t, st)

	st = s.openStore(t, dir)
	all := readAll(t, st, 0, 0)
	assertSameEnvelopes(t, "ReadAll after the second reopening", all[:len(before)], before)
	assertSameEnvelopes(t, "appended after the first reopening", all[len(before):], next.Events)
	if rep, err := st.Verify(t.Context(), 0, 0); err != nil || !rep.OK() || rep.Checked != uint64(len(all)) {
		t.Errorf("Verify after reopening: %+v, %v; want OK with %d checked", rep, err, len(all))
	}
}
