// Package events is the generic event log of ClaimLedger: the envelope every
// recorded fact travels in, the type registry and codec, the hash chain, and
// the Store port that every storage adapter implements. It knows nothing of
// claims; the application registers the domain's event types.
package events

import (
	"encoding/json"
	"time"
)

// Envelope is one recorded event exactly as the log holds it. The stored
// Payload bytes are the bytes that are hashed, so they are never re-encoded.
type Envelope struct {
	Position      uint64          `json:"position"`
	StreamID      string          `json:"stream_id"`
	Topic         string          `json:"topic"`
	Version       uint64          `json:"version"`
	EventID       string          `json:"event_id"`
	Type          string          `json:"type"`
	SchemaVersion int             `json:"schema_version"`
	Payload       json.RawMessage `json:"payload"`
	Actor         string          `json:"actor,omitempty"`
	RequestID     string          `json:"request_id,omitempty"`
	CorrelationID string          `json:"correlation_id,omitempty"`
	CausationID   string          `json:"causation_id,omitempty"`
	RecordedAt    time.Time       `json:"recorded_at"`
	PrevHash      []byte          `json:"prev_hash"`
	Hash          []byte          `json:"hash"`
}

// Proposed is an event a command wants recorded. The store assigns the
// position, version, recorded time and hashes.
type Proposed struct {
	// EventID is the idempotency key of the event. Empty means the store
	// generates a time-ordered id, and a retry is then a new event unless
	// the append carries a RequestID.
	EventID       string
	Type          string
	SchemaVersion int // 0 means 1
	Payload       json.RawMessage
	Actor         string
	CorrelationID string
	CausationID   string
}

// AppendRequest is one command's events for one stream: all of them are
// recorded, or none.
type AppendRequest struct {
	StreamID string
	// Topic is the watermill topic subscribers read the events from. Empty
	// means the stream's category: the stream id up to its first '-', so
	// "claim-42" is on topic "claim" (one topic per aggregate type keeps
	// per-stream order).
	Topic    string
	Expected ExpectedVersion
	// RequestID makes the whole append idempotent: a second append with the
	// same RequestID and the same content returns the first result.
	RequestID string
	Events    []Proposed
}

// AppendResult says where an append landed.
type AppendResult struct {
	StreamID     string
	FromVersion  uint64
	ToVersion    uint64
	FromPosition uint64
	ToPosition   uint64
	// Events are the recorded envelopes, in order.
	Events []Envelope
	// Replayed is true when the append was a retry of one already recorded:
	// the result is the first one and nothing was written.
	Replayed bool
	// Batch is how many appends the transaction that recorded this one
	// committed together (group commit), for tracing; 0 when the store
	// does not say, or for a replay.
	Batch int
}

// Category returns the topic of a stream id: its prefix up to the first '-',
// or the whole id when it has none.
func Category(streamID string) string {
	for i := 0; i < len(streamID); i++ {
		if streamID[i] == '-' {
			return streamID[:i]
		}
	}
	return streamID
}

// TopicOrCategory is r.Topic, or the stream's category when it is empty.
func (r *AppendRequest) TopicOrCategory() string {
	if r.Topic != "" {
		return r.Topic
	}
	return Category(r.StreamID)
}
