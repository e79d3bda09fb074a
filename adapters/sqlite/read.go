package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/events"
)

const columns = `position, stream_id, topic, version, event_id, type, schema_version, payload,
	actor, request_id, correlation_id, causation_id, recorded_at, prev_hash, hash`

// queryer is what reads need: the reader pool or the writer's connection.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// ReadStream implements events.Store.
func (s *Store) ReadStream(ctx context.Context, streamID string, opts events.ReadStreamOptions) ([]events.Envelope, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, err
	}
	if err := events.ValidateStreamID(streamID); err != nil {
		return nil, err
	}
	limit := events.PageSize(opts.Limit)
	var q string
	var args []any
	switch {
	case !opts.Backward:
		q = "SELECT " + columns + " FROM events WHERE stream_id = ? AND version >= ? ORDER BY version LIMIT ?"
		args = []any{streamID, max(opts.From, 1), limit}
	case opts.From == 0:
		q = "SELECT " + columns + " FROM events WHERE stream_id = ? ORDER BY version DESC LIMIT ?"
		args = []any{streamID, limit}
	default:
		q = "SELECT " + columns + " FROM events WHERE stream_id = ? AND version <= ? ORDER BY version DESC LIMIT ?"
		args = []any{streamID, opts.From, limit}
	}
	return query(ctx, s.rdb, limit, q, args...)
}

// ReadAll implements events.Store.
func (s *Store) ReadAll(ctx context.Context, after uint64, limit int) ([]events.Envelope, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, err
	}
	limit = events.PageSize(limit)
	return query(ctx, s.rdb, limit, "SELECT "+columns+" FROM events WHERE position > ? ORDER BY position LIMIT ?", after, limit)
}

// readAllBounded reads the events after a position, at most limit of them
// and, past the first, at most maxBytes of payload (events.CutPage). The
// bool says more events may follow: the page was cut short or is full. The
// sizes are read first, without the payloads, so a page of large events is
// never read whole.
func (s *Store) readAllBounded(ctx context.Context, after uint64, limit, maxBytes int) ([]events.Envelope, bool, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, false, err
	}
	rows, err := s.rdb.QueryContext(ctx, "SELECT position, length(payload) FROM events WHERE position > ? ORDER BY position LIMIT ?", after, limit)
	if err != nil {
		return nil, false, fmt.Errorf("read event sizes: %w", err)
	}
	n, last, cut, err := events.CutPage(rows, maxBytes)
	rows.Close()
	if err != nil {
		return nil, false, fmt.Errorf("read event sizes: %w", err)
	}
	if n == 0 {
		return nil, false, nil
	}
	page, err := query(ctx, s.rdb, n, "SELECT "+columns+" FROM events WHERE position > ? AND position <= ? ORDER BY position", after, last)
	return page, cut || n == limit, err
}

// readTopic reads one topic's events after a position, for subscribers.
func (s *Store) readTopic(ctx context.Context, topic string, after uint64, limit int) ([]events.Envelope, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, err
	}
	if topic == AllTopics {
		return s.ReadAll(ctx, after, limit)
	}
	return query(ctx, s.rdb, limit, "SELECT "+columns+" FROM events WHERE topic = ? AND position > ? ORDER BY position LIMIT ?", topic, after, limit)
}

func readRange(ctx context.Context, q queryer, from, to uint64) ([]events.Envelope, error) {
	n := int(to - from + 1)
	return query(ctx, q, n, "SELECT "+columns+" FROM events WHERE position BETWEEN ? AND ? ORDER BY position", from, to)
}

// Head implements events.Store: the recorded head, which Verify checks
// against the rows.
func (s *Store) Head(ctx context.Context) (uint64, []byte, error) {
	if err := s.ensureOpen(); err != nil {
		return 0, nil, err
	}
	var pos uint64
	var hash []byte
	if err := s.rdb.QueryRowContext(ctx, "SELECT position, hash FROM head WHERE id = 1").Scan(&pos, &hash); err != nil {
		return 0, nil, fmt.Errorf("read head: %w", err)
	}
	return pos, hash, nil
}

// smallPage is how many envelopes a read preallocates room for.
const smallPage = 16

func query(ctx context.Context, q queryer, sizeHint int, query string, args ...any) ([]events.Envelope, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	defer rows.Close()
	// A page is sized by what the caller may take, but is often short (a
	// subscriber that keeps up reads a few events at a time): preallocate
	// for small pages only and let a long one grow.
	out := make([]events.Envelope, 0, min(sizeHint, smallPage))
	for rows.Next() {
		var e events.Envelope
		if err := scanEnvelope(rows, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	return out, nil
}

func scanEnvelope(rows *sql.Rows, e *events.Envelope) error {
	var payload []byte
	var recorded int64
	if err := rows.Scan(&e.Position, &e.StreamID, &e.Topic, &e.Version, &e.EventID, &e.Type, &e.SchemaVersion,
		&payload, &e.Actor, &e.RequestID, &e.CorrelationID, &e.CausationID, &recorded, &e.PrevHash, &e.Hash); err != nil {
		return fmt.Errorf("scan event: %w", err)
	}
	e.Payload = payload
	e.RecordedAt = time.Unix(0, recorded).UTC()
	return nil
}
