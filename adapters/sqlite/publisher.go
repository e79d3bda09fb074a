package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/claimledger/claimledger/events"
)

// MessageType is the event type of a plain watermill message, one that does
// not carry an event envelope: its metadata and payload are kept verbatim.
const MessageType = "watermill.message"

// MetaExpectedVersion in a message's metadata makes its append conditional.
const MetaExpectedVersion = "expected_version"

// Publisher is the watermill face of the store: Publish maps messages to
// an append and hands it to Store.Append, which owns appending (checks,
// group commit, positions, hashes). Publish is safe for concurrent use.
type Publisher struct{ s *Store }

var _ message.Publisher = (*Publisher)(nil)

// Publisher returns the store's watermill publisher.
func (s *Store) Publisher() *Publisher { return &Publisher{s: s} }

// Publish appends msgs to topic. A message's stream is its "stream_id"
// metadata, or the topic itself. A message with "type" metadata is an
// event: its payload must be JSON and its metadata only envelope fields. Any
// other message is kept whole as a MessageType event. Consecutive messages of
// one stream are appended atomically. An event message's UUID is its event
// id, so republishing it is idempotent. On success each message's metadata
// gains its position and version.
func (p *Publisher) Publish(topic string, msgs ...*message.Message) error {
	if err := events.ValidateStreamID(topic); err != nil {
		return fmt.Errorf("publish: topic: %w", err)
	}
	for start := 0; start < len(msgs); {
		stream := streamOf(topic, msgs[start])
		end := start + 1
		for end < len(msgs) && streamOf(topic, msgs[end]) == stream {
			end++
		}
		if err := p.publishStream(topic, stream, msgs[start:end]); err != nil {
			return err
		}
		start = end
	}
	return nil
}

func streamOf(topic string, m *message.Message) string {
	if s := m.Metadata.Get(events.MetaStreamID); s != "" {
		return s
	}
	return topic
}

func (p *Publisher) publishStream(topic, stream string, msgs []*message.Message) error {
	req := events.AppendRequest{StreamID: stream, Topic: topic, Expected: events.Any, Events: make([]events.Proposed, len(msgs))}
	if v := msgs[0].Metadata.Get(MetaExpectedVersion); v != "" {
		n, err := strconv.ParseUint(v, 10, 63)
		if err != nil {
			return fmt.Errorf("publish: message %s: expected version %q: %w", msgs[0].UUID, v, err)
		}
		req.Expected = events.Exact(n)
	}
	for i, m := range msgs {
		ev, err := proposedFrom(m)
		if err != nil {
			return fmt.Errorf("publish: message %s: %w", m.UUID, err)
		}
		req.Events[i] = ev
	}
	ctx := msgs[0].Context()
	res, err := p.s.Append(ctx, req)
	if err != nil {
		return fmt.Errorf("publish to %s: %w", topic, err)
	}
	for i, m := range msgs {
		m.Metadata.Set(events.MetaPosition, strconv.FormatUint(res.Events[i].Position, 10))
		m.Metadata.Set(events.MetaVersion, strconv.FormatUint(res.Events[i].Version, 10))
	}
	return nil
}

// envelopeKeys are the metadata keys an event message may carry.
var envelopeKeys = map[string]bool{
	events.MetaStreamID: true, events.MetaType: true, events.MetaSchemaVersion: true, events.MetaActor: true,
	events.MetaCorrelationID: true, events.MetaCausationID: true, MetaExpectedVersion: true,
}

// wrapped is how a plain watermill message is stored.
type wrapped struct {
	UUID     string            `json:"uuid"`
	Metadata map[string]string `json:"metadata,omitempty"`
	Payload  []byte            `json:"payload"`
}

func proposedFrom(m *message.Message) (events.Proposed, error) {
	md := m.Metadata
	if md.Get(events.MetaType) == "" {
		// Watermill allows one message UUID on several topics, so a plain
		// message gets an event id of its own and keeps its UUID inside.
		payload, err := json.Marshal(wrapped{UUID: m.UUID, Metadata: md, Payload: m.Payload})
		if err != nil {
			return events.Proposed{}, err
		}
		return events.Proposed{Type: MessageType, SchemaVersion: 1, Payload: payload}, nil
	}
	for k := range md {
		if !envelopeKeys[k] {
			return events.Proposed{}, fmt.Errorf("%w: metadata %q is not an envelope field", events.ErrInvalidEvent, k)
		}
	}
	sv := 1
	if v := md.Get(events.MetaSchemaVersion); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return events.Proposed{}, fmt.Errorf("%w: schema version %q", events.ErrInvalidEvent, v)
		}
		sv = n
	}
	return events.Proposed{EventID: m.UUID, Type: md.Get(events.MetaType), SchemaVersion: sv, Payload: json.RawMessage(m.Payload),
		Actor: md.Get(events.MetaActor), CorrelationID: md.Get(events.MetaCorrelationID), CausationID: md.Get(events.MetaCausationID)}, nil
}

// toMessage turns a stored event back into the message a subscriber gets.
func toMessage(ctx context.Context, e *events.Envelope) (*message.Message, error) {
	m := events.ToMessage(e)
	if e.Type == MessageType {
		var w wrapped
		if err := json.Unmarshal(e.Payload, &w); err != nil {
			return nil, fmt.Errorf("position %d: unwrap message: %w", e.Position, err)
		}
		m.UUID = w.UUID
		m.Payload = w.Payload
		m.Metadata = message.Metadata{events.MetaPosition: strconv.FormatUint(e.Position, 10)}
		for k, v := range w.Metadata {
			m.Metadata[k] = v
		}
	}
	m.SetContext(ctx)
	return m, nil
}

// Close implements message.Publisher; the store owns the writer.
func (p *Publisher) Close() error { return nil }
