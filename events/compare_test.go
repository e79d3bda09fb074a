package events

import (
	"bytes"
	"fmt"
	"strings"
)

// diffEnvelope lists the fields in which got differs from want; empty means
// equal. Times are compared as instants.
func diffEnvelope(got, want Envelope) string {
	var d []string
	field := func(name string, equal bool, g, w any) {
		if !equal {
			d = append(d, fmt.Sprintf("%s = %v, want %v", name, g, w))
		}
	}
	field("Position", got.Position == want.Position, got.Position, want.Position)
	field("StreamID", got.StreamID == want.StreamID, got.StreamID, want.StreamID)
	field("Topic", got.Topic == want.Topic, got.Topic, want.Topic)
	field("Version", got.Version == want.Version, got.Version, want.Version)
	field("EventID", got.EventID == want.EventID, got.EventID, want.EventID)
	field("Type", got.Type == want.Type, got.Type, want.Type)
	field("SchemaVersion", got.SchemaVersion == want.SchemaVersion, got.SchemaVersion, want.SchemaVersion)
	field("Payload", bytes.Equal(got.Payload, want.Payload), string(got.Payload), string(want.Payload))
	field("Actor", got.Actor == want.Actor, got.Actor, want.Actor)
	field("RequestID", got.RequestID == want.RequestID, got.RequestID, want.RequestID)
	field("CorrelationID", got.CorrelationID == want.CorrelationID, got.CorrelationID, want.CorrelationID)
	field("CausationID", got.CausationID == want.CausationID, got.CausationID, want.CausationID)
	field("RecordedAt", got.RecordedAt.Equal(want.RecordedAt), got.RecordedAt, want.RecordedAt)
	field("PrevHash", bytes.Equal(got.PrevHash, want.PrevHash), fmt.Sprintf("%x", got.PrevHash), fmt.Sprintf("%x", want.PrevHash))
	field("Hash", bytes.Equal(got.Hash, want.Hash), fmt.Sprintf("%x", got.Hash), fmt.Sprintf("%x", want.Hash))
	return strings.Join(d, "; ")
}
