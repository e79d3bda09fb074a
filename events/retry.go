package events

import (
	"bytes"
	"fmt"
	"time"
)

// FindRetry recognises an append already recorded, by the event ids its
// caller chose. lookup returns the recorded event with an id (its position
// and the content fields at least) and false when there is none. A retry
// has all of req's ids recorded at consecutive positions with the same
// content: FindRetry returns the first position and true. Some ids
// recorded, or recorded with other content, is ErrIdempotencyConflict.
// Content is everything the caller chose: stream, topic and every field of
// the event; the expected version is not, since a retry naturally carries a
// stale one.
func FindRetry(req *AppendRequest, lookup func(eventID string) (Envelope, bool, error)) (first uint64, found bool, err error) {
	n := 0
	topic := req.TopicOrCategory()
	for i, p := range req.Events {
		if p.EventID == "" {
			continue
		}
		e, ok, err := lookup(p.EventID)
		if err != nil {
			return 0, false, fmt.Errorf("look up event %s: %w", p.EventID, err)
		}
		if !ok {
			continue
		}
		if i == 0 {
			first = e.Position
		}
		same := e.StreamID == req.StreamID && e.Topic == topic && e.Type == p.Type && e.SchemaVersion == max(p.SchemaVersion, 1) &&
			bytes.Equal(e.Payload, p.Payload) && e.Actor == p.Actor && e.CorrelationID == p.CorrelationID &&
			e.CausationID == p.CausationID && first != 0 && e.Position == first+uint64(i)
		if !same {
			return 0, true, fmt.Errorf("%w: event id %q is recorded at position %d with other content",
				ErrIdempotencyConflict, p.EventID, e.Position)
		}
		n++
	}
	if n == 0 {
		return 0, false, nil
	}
	if n != len(req.Events) {
		return 0, true, fmt.Errorf("%w: only %d of %d event ids are recorded", ErrIdempotencyConflict, n, len(req.Events))
	}
	return first, true, nil
}

// Draft is the envelope of req's i-th event at a position and stream
// version, before the chain seals it: the event id is generated when the
// caller chose none.
func (r *AppendRequest) Draft(i int, position, version uint64, recordedAt time.Time) Envelope {
	p := &r.Events[i]
	e := Envelope{
		Position: position, StreamID: r.StreamID, Topic: r.TopicOrCategory(), Version: version,
		EventID: p.EventID, Type: p.Type, SchemaVersion: max(p.SchemaVersion, 1), Payload: p.Payload,
		Actor: p.Actor, RequestID: r.RequestID, CorrelationID: p.CorrelationID, CausationID: p.CausationID,
		RecordedAt: recordedAt,
	}
	if e.EventID == "" {
		e.EventID = NewEventID()
	}
	return e
}

// ValidateImport checks envelopes to import before any storage work: their
// stream ids, and their payloads against the limit.
func ValidateImport(envs []Envelope, maxPayload int) error {
	for i := range envs {
		e := &envs[i]
		if err := ValidateStreamID(e.StreamID); err != nil {
			return fmt.Errorf("import position %d: %w", e.Position, err)
		}
		if len(e.Payload) > maxPayload {
			return fmt.Errorf("import position %d: %w", e.Position, ErrPayloadTooLarge)
		}
	}
	return nil
}

// PageSize is limit, or DefaultPageSize when limit asks for no limit.
func PageSize(limit int) int {
	if limit <= 0 {
		return DefaultPageSize
	}
	return limit
}
