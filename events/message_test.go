package events

import (
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
)

func TestMessage_roundTripKeepsTheEnvelope(t *testing.T) {
	full := sealedLog(3)[2]
	full.Actor, full.RequestID, full.CorrelationID, full.CausationID = "reviewer-7", "req-1", "corr-1", "cause-1"
	full.Payload = []byte(`{"quote": "“2 trillion”", "ok": true}`)
	full.RecordedAt = time.Date(2026, 11, 27, 15, 4, 5, 123456789, time.FixedZone("CST", 8*3600))
	NewChain(full.PrevHash).Seal(&full)
	bare := sealedLog(1)[0] // no optional metadata

	for name, e := range map[string]Envelope{"full": full, "bare": bare} {
		t.Run(name, func(t *testing.T) {
			m := ToMessage(&e)
			if m.UUID != e.EventID || string(m.Payload) != string(e.Payload) {
				t.Errorf("message UUID %q payload %s, want the event id and the payload byte for byte", m.UUID, m.Payload)
			}
			got, err := FromMessage(m)
			if err != nil {
				t.Fatalf("FromMessage: %v", err)
			}
			if d := diffEnvelope(got, e); d != "" {
				t.Errorf("round trip changed the envelope: %s", d)
			}
			if string(ComputeHash(&got)) != string(e.Hash) {
				t.Errorf("the round-tripped envelope no longer verifies against its hash")
			}
		})
	}
}

func TestFromMessage_refusesMalformedMetadata(t *testing.T) {
	e := sealedLog(1)[0]
	for _, key := range []string{MetaVersion, MetaPosition, MetaSchemaVersion, MetaRecordedAt, MetaPrevHash, MetaHash} {
		t.Run(key, func(t *testing.T) {
			m := ToMessage(&e)
			m.Metadata[key] = "not-a-value"
			if _, err := FromMessage(m); err == nil {
				t.Errorf("FromMessage with %s=%q succeeded, want an error", key, "not-a-value")
			}
		})
	}
	if _, err := FromMessage(message.NewMessage("id", nil)); err == nil {
		t.Error("FromMessage of a message without metadata succeeded")
	}
}
