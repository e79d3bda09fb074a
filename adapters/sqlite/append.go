package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/events"
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
	if err := events.ValidateAll(reqs, s.cfg.MaxPayloadBytes); err != nil {
		return nil, err
	}
	r := s.w.submit(ctx, events.AppendOp(reqs))
	return r.Results, r.Err
}

var _ events.MultiAppender = (*Store)(nil)

// append runs on the writer inside the batch transaction. fp is the
// request's fingerprint when it has a request id.
func (w *writer) append(ctx context.Context, req *events.AppendRequest, fp []byte, now time.Time) (events.AppendResult, error) {
	if req.RequestID != "" {
		res, found, err := w.replayRequest(ctx, req, fp)
		if found || err != nil {
			return res, err
		}
	}
	if res, found, err := w.replayEventIDs(ctx, req); found || err != nil {
		return res, err
	}
	current, err := w.streamVersion(ctx, req.StreamID)
	if err != nil {
		return events.AppendResult{}, err
	}
	if !req.Expected.Matches(current) {
		return events.AppendResult{}, &events.ConcurrencyError{StreamID: req.StreamID, Expected: req.Expected, Current: current}
	}
	res := events.AppendResult{StreamID: req.StreamID, FromVersion: current + 1, FromPosition: w.pos + 1,
		Events: make([]events.Envelope, len(req.Events))}
	for i := range req.Events {
		e := &res.Events[i]
		*e = req.Draft(i, w.pos+1, current+uint64(i)+1, now)
		w.chain.Seal(e)
		if err := w.insert(ctx, e); err != nil {
			return events.AppendResult{}, fmt.Errorf("%w: %w", errPartial, err)
		}
		w.pos++
	}
	res.ToVersion, res.ToPosition = current+uint64(len(req.Events)), w.pos
	if req.RequestID != "" {
		if _, err := w.stmts.insertRequest.ExecContext(ctx, req.RequestID, req.StreamID, res.FromPosition, res.ToPosition, fp); err != nil {
			return events.AppendResult{}, fmt.Errorf("%w: record request %s: %w", errPartial, req.RequestID, err)
		}
	}
	w.rememberVersion(req.StreamID, res.ToVersion)
	return res, nil
}

func (w *writer) insert(ctx context.Context, e *events.Envelope) error {
	_, err := w.stmts.insert.ExecContext(ctx, e.Position, e.StreamID, e.Topic, e.Version, e.EventID, e.Type,
		e.SchemaVersion, []byte(e.Payload), e.Actor, e.RequestID, e.CorrelationID, e.CausationID,
		e.RecordedAt.UnixNano(), e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("insert event %d (%s v%d): %w", e.Position, e.StreamID, e.Version, err)
	}
	return nil
}

// replayRequest finds an append already recorded under req's request id.
func (w *writer) replayRequest(ctx context.Context, req *events.AppendRequest, fp []byte) (events.AppendResult, bool, error) {
	var stream string
	var from, to uint64
	var stored []byte
	err := w.stmts.requestByID.QueryRowContext(ctx, req.RequestID).Scan(&stream, &from, &to, &stored)
	if err == sql.ErrNoRows {
		return events.AppendResult{}, false, nil
	}
	if err != nil {
		return events.AppendResult{}, false, fmt.Errorf("look up request %s: %w", req.RequestID, err)
	}
	if !bytes.Equal(stored, fp) {
		return events.AppendResult{}, true, fmt.Errorf("%w: request id %q was recorded at positions %d-%d with other content",
			events.ErrIdempotencyConflict, req.RequestID, from, to)
	}
	res, err := w.replayed(ctx, from, to)
	return res, true, err
}

// replayEventIDs finds an append whose caller-chosen event ids are already
// recorded (see events.FindRetry).
func (w *writer) replayEventIDs(ctx context.Context, req *events.AppendRequest) (events.AppendResult, bool, error) {
	first, found, err := events.FindRetry(req, func(id string) (events.Envelope, bool, error) {
		var e events.Envelope
		var payload []byte
		err := w.stmts.eventByID.QueryRowContext(ctx, id).Scan(&e.Position, &e.StreamID, &e.Topic, &e.Type, &e.SchemaVersion,
			&payload, &e.Actor, &e.CorrelationID, &e.CausationID)
		if err == sql.ErrNoRows {
			return e, false, nil
		}
		e.Payload = payload
		return e, err == nil, err
	})
	if !found || err != nil {
		return events.AppendResult{}, found, err
	}
	res, err := w.replayed(ctx, first, first+uint64(len(req.Events))-1)
	return res, true, err
}

// replayed rebuilds the result of a recorded append from its rows, read on
// the writer's connection so the batch's own uncommitted rows are seen.
func (w *writer) replayed(ctx context.Context, from, to uint64) (events.AppendResult, error) {
	return replayedResult(ctx, w.conn, from, to)
}

// replayedResult is the result of the append recorded at positions
// from..to, as a retry of it gets it back.
func replayedResult(ctx context.Context, q queryer, from, to uint64) (events.AppendResult, error) {
	envs, err := readRange(ctx, q, from, to)
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

// maxCachedStreams bounds the writer's stream-version cache.
const maxCachedStreams = 100_000

// streamVersion is the stream's current version. The writer is the only
// writer, so the versions it has seen committed or written in this batch
// are exact; the cache is cleared whenever a batch is rolled back.
func (w *writer) streamVersion(ctx context.Context, stream string) (uint64, error) {
	if v, ok := w.versions[stream]; ok {
		return v, nil
	}
	var v uint64
	if err := w.stmts.streamVersion.QueryRowContext(ctx, stream).Scan(&v); err != nil {
		return 0, fmt.Errorf("read version of %s: %w", stream, err)
	}
	w.rememberVersion(stream, v)
	return v, nil
}

func (w *writer) rememberVersion(stream string, v uint64) {
	if len(w.versions) >= maxCachedStreams {
		clear(w.versions)
	}
	w.versions[stream] = v
}
