package events

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
)

// Metadata keys under which an envelope's fields travel in a watermill
// message. The message UUID is the event id and the payload is the event
// payload, byte for byte.
const (
	MetaStreamID      = "stream_id"
	MetaTopic         = "topic"
	MetaVersion       = "version"
	MetaPosition      = "position"
	MetaType          = "type"
	MetaSchemaVersion = "schema_version"
	MetaActor         = "actor"
	MetaRequestID     = "request_id"
	MetaCorrelationID = "correlation_id"
	MetaCausationID   = "causation_id"
	MetaRecordedAt    = "recorded_at"
	MetaPrevHash      = "prev_hash"
	MetaHash          = "hash"
)

// ToMessage carries e in a watermill message.
func ToMessage(e *Envelope) *message.Message {
	m := message.NewMessage(e.EventID, message.Payload(e.Payload))
	md := m.Metadata
	md[MetaStreamID] = e.StreamID
	md[MetaTopic] = e.Topic
	md[MetaVersion] = strconv.FormatUint(e.Version, 10)
	md[MetaPosition] = strconv.FormatUint(e.Position, 10)
	md[MetaType] = e.Type
	md[MetaSchemaVersion] = strconv.Itoa(e.SchemaVersion)
	setIf(md, MetaActor, e.Actor)
	setIf(md, MetaRequestID, e.RequestID)
	setIf(md, MetaCorrelationID, e.CorrelationID)
	setIf(md, MetaCausationID, e.CausationID)
	md[MetaRecordedAt] = e.RecordedAt.UTC().Format(time.RFC3339Nano)
	md[MetaPrevHash] = hex.EncodeToString(e.PrevHash)
	md[MetaHash] = hex.EncodeToString(e.Hash)
	return m
}

func setIf(md message.Metadata, k, v string) {
	if v != "" {
		md[k] = v
	}
}

// FromMessage reads back an envelope that ToMessage carried.
func FromMessage(m *message.Message) (Envelope, error) {
	md := m.Metadata
	e := Envelope{
		EventID:       m.UUID,
		StreamID:      md[MetaStreamID],
		Topic:         md[MetaTopic],
		Type:          md[MetaType],
		Payload:       []byte(m.Payload),
		Actor:         md[MetaActor],
		RequestID:     md[MetaRequestID],
		CorrelationID: md[MetaCorrelationID],
		CausationID:   md[MetaCausationID],
	}
	var err error
	if e.Version, err = strconv.ParseUint(md[MetaVersion], 10, 64); err != nil {
		return e, fmt.Errorf("message %s: version: %w", m.UUID, err)
	}
	if e.Position, err = strconv.ParseUint(md[MetaPosition], 10, 64); err != nil {
		return e, fmt.Errorf("message %s: position: %w", m.UUID, err)
	}
	if e.SchemaVersion, err = strconv.Atoi(md[MetaSchemaVersion]); err != nil {
		return e, fmt.Errorf("message %s: schema version: %w", m.UUID, err)
	}
	if e.RecordedAt, err = time.Parse(time.RFC3339Nano, md[MetaRecordedAt]); err != nil {
		return e, fmt.Errorf("message %s: recorded at: %w", m.UUID, err)
	}
	if e.PrevHash, err = hex.DecodeString(md[MetaPrevHash]); err != nil {
		return e, fmt.Errorf("message %s: prev hash: %w", m.UUID, err)
	}
	if e.Hash, err = hex.DecodeString(md[MetaHash]); err != nil {
		return e, fmt.Errorf("message %s: hash: %w", m.UUID, err)
	}
	return e, nil
}
