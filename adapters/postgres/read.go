package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5"
)

const columns = `position, stream_id, topic, version, event_id, type, schema_version, payload,
	actor, request_id, correlation_id, causation_id, recorded_at, prev_hash, hash`

// queryer is what reads need: the pool or the writer's transaction.
type queryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
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
	from := "SELECT " + columns + " FROM " + s.table("events") + " WHERE stream_id = $1"
	switch {
	case !opts.Backward:
		return s.query(ctx, s.pool, limit, from+" AND version >= $2 ORDER BY version LIMIT $3", streamID, max(opts.From, 1), limit)
	case opts.From == 0:
		return s.query(ctx, s.pool, limit, from+" ORDER BY version DESC LIMIT $2", streamID, limit)
	default:
		return s.query(ctx, s.pool, limit, from+" AND version <= $2 ORDER BY version DESC LIMIT $3", streamID, opts.From, limit)
	}
}

// ReadAll implements events.Store.
func (s *Store) ReadAll(ctx context.Context, after uint64, limit int) ([]events.Envelope, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, err
	}
	limit = events.PageSize(limit)
	return s.query(ctx, s.pool, limit, "SELECT "+columns+" FROM "+s.table("events")+" WHERE position > $1 ORDER BY position LIMIT $2", after, limit)
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
	rows, err := s.pool.Query(ctx, "SELECT position, length(payload) FROM "+s.table("events")+" WHERE position > $1 ORDER BY position LIMIT $2", after, limit)
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
	page, err := s.query(ctx, s.pool, n, "SELECT "+columns+" FROM "+s.table("events")+" WHERE position > $1 AND position <= $2 ORDER BY position", after, last)
	return page, cut || n == limit, err
}

// Head implements events.Store: the recorded head, which Verify checks
// against the rows.
func (s *Store) Head(ctx context.Context) (uint64, []byte, error) {
	if err := s.ensureOpen(); err != nil {
		return 0, nil, err
	}
	return s.head(ctx, s.pool)
}

// smallPage is how many envelopes a read preallocates room for.
const smallPage = 16

func (s *Store) query(ctx context.Context, q queryer, sizeHint int, sql string, args ...any) ([]events.Envelope, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	defer rows.Close()
	out := make([]events.Envelope, 0, min(sizeHint, smallPage))
	for rows.Next() {
		var e events.Envelope
		var payload []byte
		var recorded int64
		if err := rows.Scan(&e.Position, &e.StreamID, &e.Topic, &e.Version, &e.EventID, &e.Type, &e.SchemaVersion,
			&payload, &e.Actor, &e.RequestID, &e.CorrelationID, &e.CausationID, &recorded, &e.PrevHash, &e.Hash); err != nil {
			return nil, fmt.Errorf("scan event: %w", err)
		}
		e.Payload = payload
		e.RecordedAt = time.Unix(0, recorded).UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	return out, nil
}
