package events

import (
	"crypto/sha256"
	"encoding/binary"
	"strconv"
)

// Fingerprint identifies an append's content for request-id idempotency:
// the same request retried hashes the same, whatever its expected version;
// event ids count only when the caller chose them. Stores keep it with the
// request id and compare it when the id comes again.
func (r *AppendRequest) Fingerprint() []byte {
	h := sha256.New()
	field := func(s string) {
		h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(s))))
		h.Write([]byte(s))
	}
	field(r.StreamID)
	field(r.TopicOrCategory())
	for _, e := range r.Events {
		field(e.EventID)
		field(e.Type)
		field(strconv.Itoa(max(e.SchemaVersion, 1)))
		field(string(e.Payload))
		field(e.Actor)
		field(e.CorrelationID)
		field(e.CausationID)
	}
	return h.Sum(nil)
}
