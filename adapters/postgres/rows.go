package postgres

import (
	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5"
)

// eventRows holds a batch's events column by column, so that one INSERT
// of unnest(…) writes them all.
type eventRows struct {
	position, version, recordedAt         []int64
	streamID, topic, eventID, typ, actor  []string
	requestID, correlationID, causationID []string
	schemaVersion                         []int32
	payload, prevHash, hash               [][]byte
}

func (r *eventRows) add(e *events.Envelope) {
	r.position = append(r.position, int64(e.Position))
	r.streamID = append(r.streamID, e.StreamID)
	r.topic = append(r.topic, e.Topic)
	r.version = append(r.version, int64(e.Version))
	r.eventID = append(r.eventID, e.EventID)
	r.typ = append(r.typ, e.Type)
	r.schemaVersion = append(r.schemaVersion, int32(e.SchemaVersion))
	r.payload = append(r.payload, []byte(e.Payload))
	r.actor = append(r.actor, e.Actor)
	r.requestID = append(r.requestID, e.RequestID)
	r.correlationID = append(r.correlationID, e.CorrelationID)
	r.causationID = append(r.causationID, e.CausationID)
	r.recordedAt = append(r.recordedAt, e.RecordedAt.UnixNano())
	r.prevHash = append(r.prevHash, e.PrevHash)
	r.hash = append(r.hash, e.Hash)
}

func (r *eventRows) len() int { return len(r.position) }

func (r *eventRows) truncate(n int) {
	r.position, r.streamID, r.topic, r.version = r.position[:n], r.streamID[:n], r.topic[:n], r.version[:n]
	r.eventID, r.typ, r.schemaVersion, r.payload = r.eventID[:n], r.typ[:n], r.schemaVersion[:n], r.payload[:n]
	r.actor, r.requestID, r.correlationID, r.causationID = r.actor[:n], r.requestID[:n], r.correlationID[:n], r.causationID[:n]
	r.recordedAt, r.prevHash, r.hash = r.recordedAt[:n], r.prevHash[:n], r.hash[:n]
}

// queue adds the INSERT of every row to b.
func (r *eventRows) queue(b *pgx.Batch, table string) {
	b.Queue("INSERT INTO "+table+" ("+columns+`) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[],
		$5::text[], $6::text[], $7::integer[], $8::bytea[], $9::text[], $10::text[], $11::text[], $12::text[], $13::bigint[],
		$14::bytea[], $15::bytea[])`,
		r.position, r.streamID, r.topic, r.version, r.eventID, r.typ, r.schemaVersion, r.payload, r.actor,
		r.requestID, r.correlationID, r.causationID, r.recordedAt, r.prevHash, r.hash)
}

// requestRows holds a batch's request index rows, column by column.
type requestRows struct {
	ids, streams []string
	from, to     []int64
	fingerprints [][]byte
}

func (r *requestRows) add(id, stream string, from, to uint64, fp []byte) {
	r.ids, r.streams = append(r.ids, id), append(r.streams, stream)
	r.from, r.to = append(r.from, int64(from)), append(r.to, int64(to))
	r.fingerprints = append(r.fingerprints, fp)
}

func (r *requestRows) truncate(n int) {
	r.ids, r.streams, r.from, r.to, r.fingerprints = r.ids[:n], r.streams[:n], r.from[:n], r.to[:n], r.fingerprints[:n]
}

// queue adds the INSERT of every row to b, if there is any.
func (r *requestRows) queue(b *pgx.Batch, table string) {
	if len(r.ids) == 0 {
		return
	}
	b.Queue("INSERT INTO "+table+` (request_id, stream_id, from_position, to_position, fingerprint)
		SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bytea[])`,
		r.ids, r.streams, r.from, r.to, r.fingerprints)
}
