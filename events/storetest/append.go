package storetest

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/events"
)

// overLimitPayload is valid JSON one byte over the default 1 MiB limit.
var overLimitPayload = `"` + strings.Repeat("x", 1<<20-1) + `"`

// Guarantee 1: all events of one append or none.
func (s *suite) testAtomicAppend(t *testing.T) {
	t.Run("multiEventAppendGetsDenseVersionsAndConsecutivePositions", s.testAppendDense)
	t.Run("failingAppendWritesNone", s.testAppendFailingWritesNone)
}

func (s *suite) testAppendDense(t *testing.T) {
	st, _ := s.freshStore(t)
	mustAppend(t, st, events.AppendRequest{StreamID: "other-1", Expected: events.NoStream, Events: batch(1, 0)})
	before := mustHead(t, st)

	first := evID("claim.extracted", `{"text": "2 trillion yuan", "n": 1}`) // spaces kept verbatim
	first.Actor, first.CorrelationID, first.CausationID = "reviewer-7", "corr-1", "cause-1"
	proposed := []events.Proposed{first, ev("claim.flagged", `{"n":2}`), {Type: "claim.linked", SchemaVersion: 3, Payload: []byte(`[1,2,3]`)}}
	res := mustAppend(t, st, events.AppendRequest{StreamID: "claim-a", Expected: events.NoStream, RequestID: "req-dense", Events: proposed})

	if res.Replayed || res.StreamID != "claim-a" || res.FromVersion != 1 || res.ToVersion != 3 || res.FromPosition != 2 || res.ToPosition != 4 {
		t.Fatalf("first append: got stream %q versions %d..%d positions %d..%d replayed %v, want claim-a 1..3 at 2..4, not replayed",
			res.StreamID, res.FromVersion, res.ToVersion, res.FromPosition, res.ToPosition, res.Replayed)
	}
	if len(res.Events) != len(proposed) {
		t.Fatalf("first append returned %d envelopes, want %d", len(res.Events), len(proposed))
	}
	prev := before.hash
	for i, e := range res.Events {
		p := proposed[i]
		wantSchema := max(p.SchemaVersion, 1) // 0 means 1
		switch {
		case e.Position != 2+uint64(i) || e.Version != 1+uint64(i) || e.StreamID != "claim-a":
			t.Errorf("event %d: at %s v%d position %d, want claim-a v%d position %d", i, e.StreamID, e.Version, e.Position, i+1, i+2)
		case e.Topic != "claim":
			t.Errorf("event %d: topic %q, want the stream's category %q", i, e.Topic, "claim")
		case e.Type != p.Type || e.SchemaVersion != wantSchema || !bytes.Equal(e.Payload, p.Payload):
			t.Errorf("event %d: recorded %s v%d %q, want %s v%d %q verbatim", i, e.Type, e.SchemaVersion, e.Payload, p.Type, wantSchema, p.Payload)
		case e.Actor != p.Actor || e.CorrelationID != p.CorrelationID || e.CausationID != p.CausationID || e.RequestID != "req-dense":
			t.Errorf("event %d: metadata actor %q correlation %q causation %q request %q, want %q %q %q %q",
				i, e.Actor, e.CorrelationID, e.CausationID, e.RequestID, p.Actor, p.CorrelationID, p.CausationID, "req-dense")
		case p.EventID != "" && e.EventID != p.EventID, e.EventID == "":
			t.Errorf("event %d: event id %q, want %q (or a generated one when empty)", i, e.EventID, p.EventID)
		case e.RecordedAt.IsZero():
			t.Errorf("event %d: RecordedAt is zero", i)
		case !bytes.Equal(e.PrevHash, prev):
			t.Errorf("event %d at position %d: PrevHash %x, want the previous event's hash %x", i, e.Position, e.PrevHash, prev)
		case !bytes.Equal(e.Hash, events.ComputeHash(&e)):
			t.Errorf("event %d at position %d: Hash %x is not ComputeHash %x", i, e.Position, e.Hash, events.ComputeHash(&e))
		}
		prev = e.Hash
	}

	second := mustAppend(t, st, events.AppendRequest{StreamID: "claim-a", Topic: "claims-special", Expected: events.Exact(3), Events: batch(2, 10)})
	if second.FromVersion != 4 || second.ToVersion != 5 || second.FromPosition != 5 || second.ToPosition != 6 {
		t.Fatalf("second append: versions %d..%d positions %d..%d, want 4..5 at 5..6", second.FromVersion, second.ToVersion, second.FromPosition, second.ToPosition)
	}
	for _, e := range second.Events {
		if e.Topic != "claims-special" {
			t.Errorf("position %d: topic %q, want the request's topic %q", e.Position, e.Topic, "claims-special")
		}
	}
	want := append(append([]events.Envelope{}, res.Events...), second.Events...)
	assertSameEnvelopes(t, "ReadStream(claim-a) after two appends", readStream(t, st, "claim-a", 0), want)
	assertSameEnvelopes(t, "ReadAll after position 1", readAll(t, st, 1, 0), want)
	last := second.Events[len(second.Events)-1]
	assertHead(t, st, headState{6, last.Hash}, "after two appends")
}

func (s *suite) testAppendFailingWritesNone(t *testing.T) {
	st, _ := s.freshStore(t)
	mustAppend(t, st, events.AppendRequest{StreamID: "claim-b", Expected: events.NoStream, Events: batch(5, 0)})
	mustAppend(t, st, events.AppendRequest{StreamID: "claim-c", Expected: events.NoStream, Events: batch(1, 0)})
	before := mustHead(t, st)
	stream := readStream(t, st, "claim-b", 0)

	tests := []struct {
		name     string
		stream   string
		expected events.ExpectedVersion
		events   []events.Proposed
		want     error
	}{
		{"invalidJSONInTheMiddle", "claim-b", events.Exact(5), []events.Proposed{ev("a", `{}`), ev("b", `{"x":`), ev("c", `{}`)}, events.ErrInvalidEvent},
		{"overLongPayloadLast", "claim-b", events.Exact(5), []events.Proposed{ev("a", `{}`), ev("b", `{}`), ev("c", overLimitPayload)}, events.ErrPayloadTooLarge},
		{"emptyTypeFirst", "claim-b", events.Exact(5), []events.Proposed{ev("", `{}`), ev("b", `{}`)}, events.ErrInvalidEvent},
		{"staleExpectedVersion", "claim-b", events.Exact(4), batch(3, 100), events.ErrConcurrency},
		{"expectedVersionAhead", "claim-b", events.Exact(6), batch(3, 100), events.ErrConcurrency},
		{"noStreamOnExistingStream", "claim-b", events.NoStream, batch(3, 100), events.ErrConcurrency},
		{"newStreamWithInvalidEvent", "claim-new", events.NoStream, []events.Proposed{ev("a", `{}`), ev("b", `nope`)}, events.ErrInvalidEvent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := st.Append(t.Context(), events.AppendRequest{StreamID: tt.stream, Expected: tt.expected, Events: tt.events})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Append = %v, want errors.Is %v", err, tt.want)
			}
			assertHead(t, st, before, "after a failed append")
			if got := readAll(t, st, before.pos, 0); len(got) != 0 {
				t.Errorf("ReadAll after head %d: %d events written by a failed append (positions %s)", before.pos, len(got), positions(got))
			}
			assertSameEnvelopes(t, "ReadStream(claim-b) after a failed append", readStream(t, st, "claim-b", 0), stream)
			if got := readStream(t, st, "claim-new", 0); len(got) != 0 {
				t.Errorf("ReadStream(claim-new): %d events written by a failed append", len(got))
			}
		})
	}

	// A failed append consumes no position and no version.
	res := mustAppend(t, st, events.AppendRequest{StreamID: "claim-b", Expected: events.Exact(5), Events: batch(2, 200)})
	if res.FromVersion != 6 || res.FromPosition != before.pos+1 {
		t.Errorf("append after failures: version %d position %d, want version 6 at position %d", res.FromVersion, res.FromPosition, before.pos+1)
	}
}
