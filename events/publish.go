package events

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/ThreeDotsLabs/watermill/message"
)

// MessageType is the event type of a plain watermill message, one that does
// not carry an event envelope: its metadata and payload are kept verbatim.
const MessageType = "watermill.message"

// MetaExpectedVersion in a message's metadata makes its append conditional.
const MetaExpectedVersion = "expected_version"

// PublishGroups splits the messages published to topic into the appends a
// store's watermill Publisher makes: consecutive messages of one stream
// (their "stream_id" metadata, or the topic itself) are one append, so they
// are recorded atomically. A message with "type" metadata is an event: its
// payload must be JSON and its metadata only envelope fields, and its UUID is
// its event id, so republishing it is idempotent. Any other message is kept
// whole as a MessageType event. fn is called once per append, in order, with
// its messages; the first error stops it.
func PublishGroups(topic string, msgs []*message.Message, fn func(req AppendRequest, msgs []*message.Message) error) error {
	if err := ValidateStreamID(topic); err != nil {
		return fmt.Errorf("publish: topic: %w", err)
	}
	for start := 0; start < len(msgs); {
		stream := streamOf(topic, msgs[start])
		end := start + 1
		for end < len(msgs) && streamOf(topic, msgs[end]) == stream {
			end++
		}
		req, err := publishRequest(topic, stream, msgs[start:end])
		if err != nil {
			return err
		}
		if err := fn(req, msgs[start:end]); err != nil {
			return fmt.Errorf("publish to %s: %w", topic, err)
		}
		start = end
	}
	return nil
}

// PublishTo is a store's watermill Publish: each group of PublishGroups
// is appended through s.Append (with the context of its first message),
// and on success its messages are marked with their positions and
// versions (MarkPublished).
func PublishTo(s Store, topic string, msgs []*message.Message) error {
	return PublishGroups(topic, msgs, func(req AppendRequest, msgs []*message.Message) error {
		res, err := s.Append(msgs[0].Context(), req)
		if err == nil {
			MarkPublished(msgs, res)
		}
		return err
	})
}

// MarkPublished gives each published message the position and version its
// event got.
func MarkPublished(msgs []*message.Message, res AppendResult) {
	for i, m := range msgs {
		m.Metadata.Set(MetaPosition, strconv.FormatUint(res.Events[i].Position, 10))
		m.Metadata.Set(MetaVersion, strconv.FormatUint(res.Events[i].Version, 10))
	}
}

func streamOf(topic string, m *message.Message) string {
	if s := m.Metadata.Get(MetaStreamID); s != "" {
		return s
	}
	return topic
}

func publishRequest(topic, stream string, msgs []*message.Message) (AppendRequest, error) {
	req := AppendRequest{StreamID: stream, Topic: topic, Expected: Any, Events: make([]Proposed, len(msgs))}
	if v := msgs[0].Metadata.Get(MetaExpectedVersion); v != "" {
		n, err := strconv.ParseUint(v, 10, 63)
		if err != nil {
			return req, fmt.Errorf("publish: message %s: expected version %q: %w", msgs[0].UUID, v, err)
		}
		req.Expected = Exact(n)
	}
	for i, m := range msgs {
		ev, err := proposedFrom(m)
		if err != nil {
			return req, fmt.Errorf("publish: message %s: %w", m.UUID, err)
		}
		req.Events[i] = ev
	}
	return req, nil
}

// envelopeKeys are the metadata keys an event message may carry.
var envelopeKeys = map[string]bool{
	MetaStreamID: true, MetaType: true, MetaSchemaVersion: true, MetaActor: true,
	MetaCorrelationID: true, MetaCausationID: true, MetaExpectedVersion: true,
}

// wrapped is how a plain watermill message is stored.
type wrapped struct {
	UUID     string            `json:"uuid"`
	Metadata map[string]string `json:"metadata,omitempty"`
	Payload  []byte            `json:"payload"`
}

func proposedFrom(m *message.Message) (Proposed, error) {
	md := m.Metadata
	if md.Get(MetaType) == "" {
		// Watermill allows one message UUID on several topics, so a plain
		// message gets an event id of its own and keeps its UUID inside.
		payload, err := json.Marshal(wrapped{UUID: m.UUID, Metadata: md, Payload: m.Payload})
		if err != nil {
			return Proposed{}, err
		}
		return Proposed{Type: MessageType, SchemaVersion: 1, Payload: payload}, nil
	}
	for k := range md {
		if !envelopeKeys[k] {
			return Proposed{}, fmt.Errorf("%w: metadata %q is not an envelope field", ErrInvalidEvent, k)
		}
	}
	sv := 1
	if v := md.Get(MetaSchemaVersion); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return Proposed{}, fmt.Errorf("%w: schema version %q", ErrInvalidEvent, v)
		}
		sv = n
	}
	return Proposed{EventID: m.UUID, Type: md.Get(MetaType), SchemaVersion: sv, Payload: json.RawMessage(m.Payload),
		Actor: md.Get(MetaActor), CorrelationID: md.Get(MetaCorrelationID), CausationID: md.Get(MetaCausationID)}, nil
}

// DeliveredMessage turns a stored event back into the message a watermill
// subscriber gets: a plain message as it was published, an event as
// ToMessage carries it. The message's context is ctx.
func DeliveredMessage(ctx context.Context, e *Envelope) (*message.Message, error) {
	m := ToMessage(e)
	if e.Type == MessageType {
		var w wrapped
		if err := json.Unmarshal(e.Payload, &w); err != nil {
			return nil, fmt.Errorf("position %d: unwrap message: %w", e.Position, err)
		}
		m.UUID = w.UUID
		m.Payload = w.Payload
		m.Metadata = message.Metadata{MetaPosition: strconv.FormatUint(e.Position, 10)}
		for k, v := range w.Metadata {
			m.Metadata[k] = v
		}
	}
	m.SetContext(ctx)
	return m, nil
}
