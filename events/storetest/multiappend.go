package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/claimledger/claimledger/events"
)

// Beyond the ten guarantees, for stores that implement
// events.MultiAppender: appends to several streams recorded as one.
func (s *suite) testMultiAppend(t *testing.T) {
	t.Run("allRecordedTogether", s.testMultiAppendAll)
	t.Run("oneFailingWritesNone", s.testMultiAppendFailing)
	t.Run("raceHasOneWinner", s.testMultiAppendRace)
	t.Run("retryWithRequestIDsReplays", s.testMultiAppendRetry)
}

// multiStore is the fresh store under test, or a skip if it cannot append
// to several streams at once.
func (s *suite) multiStore(t *testing.T) (*handle, events.MultiAppender) {
	t.Helper()
	st, _ := s.freshStore(t)
	m, ok := st.Store.(events.MultiAppender)
	if !ok {
		t.Skip("the store does not implement events.MultiAppender")
	}
	return st, m
}

func mustAppendAll(t *testing.T, m events.MultiAppender, reqs []events.AppendRequest) []events.AppendResult {
	t.Helper()
	res, err := m.AppendAll(t.Context(), reqs)
	if err != nil {
		t.Fatalf("AppendAll(%d requests): %v", len(reqs), err)
	}
	if len(res) != len(reqs) {
		t.Fatalf("AppendAll(%d requests) returned %d results", len(reqs), len(res))
	}
	return res
}

func (s *suite) testMultiAppendAll(t *testing.T) {
	st, m := s.multiStore(t)
	mustAppend(t, st, events.AppendRequest{StreamID: "article-1", Expected: events.NoStream, Events: batch(1, 0)})
	before := mustHead(t, st)
	res := mustAppendAll(t, m, []events.AppendRequest{
		{StreamID: "claim-x", Expected: events.NoStream, Events: batch(2, 10)},
		{StreamID: "claim-y", Expected: events.NoStream, Events: batch(1, 20)},
		// A later request sees what the earlier ones wrote.
		{StreamID: "claim-x", Expected: events.Exact(2), Events: batch(1, 30)},
		{StreamID: "article-1", Expected: events.Exact(1), Events: batch(1, 40)},
	})
	want := []struct {
		stream         string
		fromVer, toVer uint64
		fromPos, toPos uint64
		replayed       bool
	}{
		{"claim-x", 1, 2, before.pos + 1, before.pos + 2, false},
		{"claim-y", 1, 1, before.pos + 3, before.pos + 3, false},
		{"claim-x", 3, 3, before.pos + 4, before.pos + 4, false},
		{"article-1", 2, 2, before.pos + 5, before.pos + 5, false},
	}
	var all []events.Envelope
	for i, w := range want {
		r := res[i]
		if r.StreamID != w.stream || r.FromVersion != w.fromVer || r.ToVersion != w.toVer || r.FromPosition != w.fromPos || r.ToPosition != w.toPos || r.Replayed != w.replayed {
			t.Errorf("result %d: %s v%d..%d at %d..%d replayed %v; want %s v%d..%d at %d..%d", i, r.StreamID, r.FromVersion, r.ToVersion,
				r.FromPosition, r.ToPosition, r.Replayed, w.stream, w.fromVer, w.toVer, w.fromPos, w.toPos)
		}
		all = append(all, r.Events...)
	}
	assertSameEnvelopes(t, "ReadAll after AppendAll", readAll(t, st, before.pos, 0), all)
	assertHead(t, st, headState{before.pos + 5, all[len(all)-1].Hash}, "after AppendAll")
}

func (s *suite) testMultiAppendFailing(t *testing.T) {
	st, m := s.multiStore(t)
	mustAppend(t, st, events.AppendRequest{StreamID: "claim-old", Expected: events.NoStream, Events: batch(1, 0)})
	mustAppend(t, st, events.AppendRequest{StreamID: "claim-kept", Expected: events.NoStream, RequestID: "req-kept", Events: batch(1, 0)})
	before := mustHead(t, st)
	tests := []struct {
		name string
		reqs []events.AppendRequest
		want error
	}{
		{"lastOnAnExistingStream", []events.AppendRequest{
			{StreamID: "claim-new", Expected: events.NoStream, Events: batch(3, 0)},
			{StreamID: "claim-old", Expected: events.NoStream, Events: batch(1, 0)},
		}, events.ErrConcurrency},
		{"laterContradictsEarlier", []events.AppendRequest{
			{StreamID: "claim-new", Expected: events.NoStream, Events: batch(1, 0)},
			{StreamID: "claim-new", Expected: events.NoStream, Events: batch(1, 1)},
		}, events.ErrConcurrency},
		{"recordedRequestIDWithOtherContent", []events.AppendRequest{
			{StreamID: "claim-new", Expected: events.NoStream, Events: batch(2, 0)},
			{StreamID: "claim-other", Expected: events.NoStream, RequestID: "req-kept", Events: batch(1, 5)},
		}, events.ErrIdempotencyConflict},
		{"invalidEventInTheLast", []events.AppendRequest{
			{StreamID: "claim-new", Expected: events.NoStream, Events: batch(1, 0)},
			{StreamID: "claim-other", Expected: events.NoStream, Events: []events.Proposed{ev("a", `{"x":`)}},
		}, events.ErrInvalidEvent},
	}
	if _, err := m.AppendAll(t.Context(), nil); err == nil {
		t.Error("AppendAll of no requests succeeded, want an error")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := m.AppendAll(t.Context(), tt.reqs)
			if !errors.Is(err, tt.want) {
				t.Fatalf("AppendAll = %v, want errors.Is %v", err, tt.want)
			}
			assertHead(t, st, before, "after a failed AppendAll")
			if got := readAll(t, st, before.pos, 0); len(got) != 0 {
				t.Errorf("a failed AppendAll wrote %d events (positions %s)", len(got), positions(got))
			}
		})
	}
	// Nothing of the failures lingers: the next append takes the next position.
	res := mustAppend(t, st, events.AppendRequest{StreamID: "claim-new", Expected: events.NoStream, Events: batch(1, 0)})
	if res.FromPosition != before.pos+1 || res.FromVersion != 1 {
		t.Errorf("append after failed AppendAlls: version %d at %d, want 1 at %d", res.FromVersion, res.FromPosition, before.pos+1)
	}
}

// K callers each record a shared stream and a stream of their own; the
// shared one can be opened once, so exactly one caller's whole set lands.
func (s *suite) testMultiAppendRace(t *testing.T) {
	st, m := s.multiStore(t)
	k := s.f.Concurrency
	errs := make([]error, k)
	var wg sync.WaitGroup
	for g := range k {
		wg.Go(func() {
			_, errs[g] = m.AppendAll(t.Context(), []events.AppendRequest{
				{StreamID: fmt.Sprintf("claim-own%d", g), Expected: events.NoStream, Events: batch(1, g)},
				{StreamID: "article-shared", Expected: events.NoStream, Events: batch(1, g)},
			})
		})
	}
	wg.Wait()
	winners := 0
	for g, err := range errs {
		own := readStream(t, st, fmt.Sprintf("claim-own%d", g), 0)
		switch {
		case err == nil:
			winners++
			if len(own) != 1 {
				t.Errorf("caller %d won but its own stream holds %d events", g, len(own))
			}
		case errors.Is(err, events.ErrConcurrency):
			if len(own) != 0 {
				t.Errorf("caller %d lost (%v) but its own stream holds %d events", g, err, len(own))
			}
		default:
			t.Errorf("caller %d: %v, want success or a concurrency error", g, err)
		}
	}
	if winners != 1 {
		t.Errorf("%d callers recorded the shared stream, want exactly 1", winners)
	}
	if got := readAll(t, st, 0, 0); len(got) != 2 {
		t.Errorf("the log holds %d events, want the winner's 2", len(got))
	}
}

func (s *suite) testMultiAppendRetry(t *testing.T) {
	st, m := s.multiStore(t)
	reqs := []events.AppendRequest{
		{StreamID: "claim-r1", Expected: events.NoStream, RequestID: "ingest-7/claim-1", Events: batch(2, 0)},
		{StreamID: "article-r", Expected: events.NoStream, RequestID: "ingest-7", Events: batch(1, 0)},
	}
	first := mustAppendAll(t, m, reqs)
	h := mustHead(t, st)
	again := mustAppendAll(t, m, reqs)
	for i := range first {
		assertReplayOf(t, fmt.Sprintf("retry, result %d", i), again[i], first[i])
	}
	assertHead(t, st, h, "after a retried AppendAll")
}
