package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/claimledger/claimledger/events"
)

// Guarantee 3: a retry returns the first result and writes nothing.
func (s *suite) testIdempotency(t *testing.T) {
	t.Run("retryByEventIDReturnsFirstResult", s.testRetryByEventID)
	t.Run("eventIDWithOtherContentConflicts", s.testEventIDConflict)
	t.Run("retryByRequestIDReturnsFirstResult", s.testRetryByRequestID)
	t.Run("requestIDWithOtherContentConflicts", s.testRequestIDConflict)
	t.Run("concurrentRetriesRecordOnce", s.testConcurrentRetries)
}

// assertReplayOf checks that got is first returned again, marked Replayed.
func assertReplayOf(t *testing.T, what string, got, first events.AppendResult) {
	t.Helper()
	if !got.Replayed {
		t.Errorf("%s: Replayed = false, want true", what)
	}
	if got.StreamID != first.StreamID || got.FromVersion != first.FromVersion || got.ToVersion != first.ToVersion ||
		got.FromPosition != first.FromPosition || got.ToPosition != first.ToPosition {
		t.Errorf("%s: %s versions %d..%d positions %d..%d, want the first result %s %d..%d at %d..%d",
			what, got.StreamID, got.FromVersion, got.ToVersion, got.FromPosition, got.ToPosition,
			first.StreamID, first.FromVersion, first.ToVersion, first.FromPosition, first.ToPosition)
	}
	assertSameEnvelopes(t, what+": envelopes", got.Events, first.Events)
}

func (s *suite) testRetryByEventID(t *testing.T) {
	st, _ := s.freshStore(t)
	req := events.AppendRequest{StreamID: "claim-r", Expected: events.NoStream,
		Events: []events.Proposed{evID("claim.extracted", `{"n":1}`), evID("claim.flagged", `{"n":2}`)}}
	first := mustAppend(t, st, req)
	mustAppend(t, st, events.AppendRequest{StreamID: "claim-r", Expected: events.Exact(2), Events: batch(1, 3)}) // the stream moves on
	before := mustHead(t, st)

	retry := mustAppend(t, st, req) // NoStream is stale now: the retry is still recognised
	assertReplayOf(t, "retry by event ids", retry, first)
	assertHead(t, st, before, "after a retry")
	if got := readStream(t, st, "claim-r", 0); len(got) != 3 {
		t.Errorf("stream has %d events after a retry, want 3", len(got))
	}
}

func (s *suite) testEventIDConflict(t *testing.T) {
	st, _ := s.freshStore(t)
	orig := evID("claim.extracted", `{"n":1}`)
	mustAppend(t, st, events.AppendRequest{StreamID: "claim-c", Expected: events.NoStream, Events: []events.Proposed{orig}})
	before := mustHead(t, st)

	with := func(f func(p *events.Proposed)) []events.Proposed { p := orig; f(&p); return []events.Proposed{p} }
	tests := []struct {
		name   string
		stream string
		events []events.Proposed
	}{
		{"otherPayload", "claim-c", with(func(p *events.Proposed) { p.Payload = []byte(`{"n":2}`) })},
		{"otherType", "claim-c", with(func(p *events.Proposed) { p.Type = "claim.dismissed" })},
		{"otherActor", "claim-c", with(func(p *events.Proposed) { p.Actor = "mallory" })},
		{"otherStream", "claim-d", with(func(p *events.Proposed) {})},
		{"extraEvent", "claim-c", append(with(func(p *events.Proposed) {}), evID("claim.flagged", `{}`))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := st.Append(t.Context(), events.AppendRequest{StreamID: tt.stream, Expected: events.Any, Events: tt.events})
			if !errors.Is(err, events.ErrIdempotencyConflict) {
				t.Fatalf("Append reusing event id %s = %v, want errors.Is ErrIdempotencyConflict", orig.EventID, err)
			}
			assertHead(t, st, before, "after an idempotency conflict")
		})
	}
}

func (s *suite) testRetryByRequestID(t *testing.T) {
	st, _ := s.freshStore(t)
	req := events.AppendRequest{StreamID: "claim-q", Expected: events.NoStream, RequestID: "req-1", Events: batch(3, 0)}
	first := mustAppend(t, st, req)
	mustAppend(t, st, events.AppendRequest{StreamID: "claim-q", Expected: events.Exact(3), Events: batch(1, 3)})
	before := mustHead(t, st)

	retry := mustAppend(t, st, events.AppendRequest{StreamID: "claim-q", Expected: events.NoStream, RequestID: "req-1", Events: batch(3, 0)})
	assertReplayOf(t, "retry by request id", retry, first)
	assertHead(t, st, before, "after a retry by request id")
}

func (s *suite) testRequestIDConflict(t *testing.T) {
	st, _ := s.freshStore(t)
	mustAppend(t, st, events.AppendRequest{StreamID: "claim-q", Expected: events.NoStream, RequestID: "req-2", Events: batch(2, 0)})
	before := mustHead(t, st)
	tests := []struct {
		name string
		req  events.AppendRequest
	}{
		{"otherPayload", events.AppendRequest{StreamID: "claim-q", Expected: events.Any, RequestID: "req-2", Events: batch(2, 1)}},
		{"fewerEvents", events.AppendRequest{StreamID: "claim-q", Expected: events.Any, RequestID: "req-2", Events: batch(1, 0)}},
		{"otherStream", events.AppendRequest{StreamID: "claim-other", Expected: events.Any, RequestID: "req-2", Events: batch(2, 0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := st.Append(t.Context(), tt.req)
			if !errors.Is(err, events.ErrIdempotencyConflict) {
				t.Fatalf("Append reusing request id req-2 = %v, want errors.Is ErrIdempotencyConflict", err)
			}
			assertHead(t, st, before, "after a request id conflict")
		})
	}
}

func (s *suite) testConcurrentRetries(t *testing.T) {
	const k = 8
	ids := []events.Proposed{evID("claim.extracted", `{"n":1}`), evID("claim.flagged", `{"n":2}`)}
	tests := []struct {
		name string
		req  func(g int) events.AppendRequest
	}{
		{"sameRequestID", func(int) events.AppendRequest {
			return events.AppendRequest{StreamID: "claim-cr", Expected: events.NoStream, RequestID: "req-conc", Events: batch(2, 0)}
		}},
		{"sameEventIDs", func(int) events.AppendRequest {
			return events.AppendRequest{StreamID: "claim-cr", Expected: events.NoStream, Events: ids}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _ := s.freshStore(t)
			outcomes := race(st, k, tt.req)
			recorded := 0
			var first events.AppendResult
			for g, o := range outcomes {
				if o.err != nil {
					t.Fatalf("retry %d of %d: %v, want the first result", g, k, o.err)
				}
				if !o.res.Replayed {
					recorded++
					first = o.res
				}
			}
			if recorded != 1 {
				t.Fatalf("%d of %d concurrent identical appends were recorded (Replayed false), want exactly 1", recorded, k)
			}
			for g, o := range outcomes {
				if o.res.Replayed {
					assertReplayOf(t, fmt.Sprintf("concurrent retry %d", g), o.res, first)
				}
			}
			if h := mustHead(t, st); h.pos != 2 {
				t.Errorf("Head at %d after %d concurrent retries of a 2-event append, want 2", h.pos, k)
			}
		})
	}
}
