package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5"
)

// Append implements events.Store: the one way into the writer, for
// commands and for watermill's Publish alike.
func (s *Store) Append(ctx context.Context, req events.AppendRequest) (events.AppendResult, error) {
	return events.AppendOne(ctx, s, req)
}

// AppendAll implements events.MultiAppender: every request is recorded, in
// order and at consecutive positions, or none is. Validation happens before
// the requests are queued, so a bad request never reaches the writer.
func (s *Store) AppendAll(ctx context.Context, reqs []events.AppendRequest) ([]events.AppendResult, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, err
	}
	if err := events.ValidateAll(reqs, s.cfg.MaxPayloadBytes); err != nil {
		return nil, err
	}
	r := s.w.submit(ctx, events.AppendOp(reqs))
	return r.Results, r.Err
}

// append runs on the writer inside the batch transaction, under the head
// lock: no other process appends until it commits, so the versions and ids
// it reads are current. fp is the request's fingerprint when it has a
// request id.
func (w *writer) append(ctx context.Context, tx pgx.Tx, req *events.AppendRequest, fp []byte, now time.Time) (events.AppendResult, error) {
	if req.RequestID != "" {
		res, found, err := w.replayRequest(ctx, tx, req, fp)
		if found || err != nil {
			return res, err
		}
	}
	if res, found, err := w.replayEventIDs(ctx, tx, req); found || err != nil {
		return res, err
	}
	var current uint64
	if err := tx.QueryRow(ctx, "SELECT COALESCE(max(version), 0) FROM "+w.s.table("events")+" WHERE stream_id = $1", req.StreamID).
		Scan(&current); err != nil {
		return events.AppendResult{}, fmt.Errorf("read version of %s: %w", req.StreamID, err)
	}
	if !req.Expected.Matches(current) {
		return events.AppendResult{}, &events.ConcurrencyError{StreamID: req.StreamID, Expected: req.Expected, Current: current}
	}
	res := events.AppendResult{StreamID: req.StreamID, FromVersion: current + 1, FromPosition: w.pos + 1,
		Events: make([]events.Envelope, len(req.Events))}
	b := &pgx.Batch{}
	for i := range req.Events {
		e := &res.Events[i]
		*e = req.Draft(i, w.pos+1, current+uint64(i)+1, now)
		w.chain.Seal(e)
		w.queueInsert(b, e)
		w.pos++
	}
	res.ToVersion, res.ToPosition = current+uint64(len(req.Events)), w.pos
	if req.RequestID != "" {
		b.Queue("INSERT INTO "+w.s.table("requests")+" (request_id, stream_id, from_position, to_position, fingerprint) VALUES ($1, $2, $3, $4, $5)",
			req.RequestID, req.StreamID, res.FromPosition, res.ToPosition, fp)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return events.AppendResult{}, fmt.Errorf("insert %s v%d-%d: %w", req.StreamID, res.FromVersion, res.ToVersion, err)
	}
	return res, nil
}

func (w *writer) queueInsert(b *pgx.Batch, e *events.Envelope) {
	b.Queue("INSERT INTO "+w.s.table("events")+" ("+columns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		e.Position, e.StreamID, e.Topic, e.Version, e.EventID, e.Type, e.SchemaVersion, []byte(e.Payload), e.Actor,
		e.RequestID, e.CorrelationID, e.CausationID, e.RecordedAt.UnixNano(), e.PrevHash, e.Hash)
}

// replayRequest finds an append already recorded under req's request id.
func (w *writer) replayRequest(ctx context.Context, tx pgx.Tx, req *events.AppendRequest, fp []byte) (events.AppendResult, bool, error) {
	var from, to uint64
	var stored []byte
	err := tx.QueryRow(ctx, "SELECT from_position, to_position, fingerprint FROM "+w.s.table("requests")+" WHERE request_id = $1",
		req.RequestID).Scan(&from, &to, &stored)
	if errors.Is(err, pgx.ErrNoRows) {
		return events.AppendResult{}, false, nil
	}
	if err != nil {
		return events.AppendResult{}, false, fmt.Errorf("look up request %s: %w", req.RequestID, err)
	}
	if !bytes.Equal(stored, fp) {
		return events.AppendResult{}, true, fmt.Errorf("%w: request id %q was recorded at positions %d-%d with other content",
			events.ErrIdempotencyConflict, req.RequestID, from, to)
	}
	res, err := w.s.replayedResult(ctx, tx, from, to)
	return res, true, err
}

// replayEventIDs finds an append whose caller-chosen event ids are already
// recorded (see events.FindRetry).
func (w *writer) replayEventIDs(ctx context.Context, tx pgx.Tx, req *events.AppendRequest) (events.AppendResult, bool, error) {
	first, found, err := events.FindRetry(req, func(id string) (events.Envelope, bool, error) {
		envs, err := w.s.query(ctx, tx, 1, "SELECT "+columns+" FROM "+w.s.table("events")+" WHERE event_id = $1", id)
		if err != nil || len(envs) == 0 {
			return events.Envelope{}, false, err
		}
		return envs[0], true, nil
	})
	if !found || err != nil {
		return events.AppendResult{}, found, err
	}
	res, err := w.s.replayedResult(ctx, tx, first, first+uint64(len(req.Events))-1)
	return res, true, err
}

// replayedResult is the result of the append recorded at positions
// from..to, as a retry of it gets it back.
func (s *Store) replayedResult(ctx context.Context, q queryer, from, to uint64) (events.AppendResult, error) {
	envs, err := s.query(ctx, q, int(to-from+1), "SELECT "+columns+" FROM "+s.table("events")+
		" WHERE position BETWEEN $1 AND $2 ORDER BY position", from, to)
	if err != nil {
		return events.AppendResult{}, err
	}
	if len(envs) == 0 {
		return events.AppendResult{}, fmt.Errorf("replay positions %d-%d: no rows", from, to)
	}
	last := envs[len(envs)-1]
	return events.AppendResult{StreamID: envs[0].StreamID, FromVersion: envs[0].Version, ToVersion: last.Version,
		FromPosition: from, ToPosition: last.Position, Events: envs, Replayed: true}, nil
}
