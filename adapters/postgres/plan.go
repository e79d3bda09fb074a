package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5"
)

// The planned path commits a batch in a fixed number of round trips
// whatever its size: one query batch reads what every append of it needs
// (its streams' versions, whether any of its event or request ids is
// already recorded), the writer decides every append in memory under the
// head lock, and one statement batch writes all the rows. The per-op path
// (runOp, a savepoint and several statements per append) stays for what
// the plan does not decide alone: imports, and retries (an id already
// recorded, or repeated within the batch), which are rare.

// planned is a batch decided in memory, ready to be written.
type planned struct {
	results []events.WriteResult
	rows    eventRows
	reqs    requestRows
}

// plan decides batch, or returns ok false when it needs the per-op path.
// It moves w.pos and w.chain past the events it plans.
func (w *writer) plan(ctx context.Context, tx pgx.Tx, batch []*events.WriteOp, now time.Time) (_ *planned, ok bool, err error) {
	var streams, eventIDs, requestIDs []string
	seen := map[string]bool{}
	for _, o := range batch {
		if o.Imports != nil {
			return nil, false, nil
		}
		for _, req := range o.Appends {
			streams = append(streams, req.StreamID)
			if req.RequestID != "" {
				if seen["r"+req.RequestID] {
					return nil, false, nil
				}
				seen["r"+req.RequestID] = true
				requestIDs = append(requestIDs, req.RequestID)
			}
			for _, p := range req.Events {
				if p.EventID != "" {
					if seen["e"+p.EventID] {
						return nil, false, nil
					}
					seen["e"+p.EventID] = true
					eventIDs = append(eventIDs, p.EventID)
				}
			}
		}
	}
	versions, known, err := w.lookUp(ctx, tx, streams, eventIDs, requestIDs)
	if err != nil || known {
		return nil, false, err
	}
	p := &planned{results: make([]events.WriteResult, len(batch))}
	for i, o := range batch {
		p.results[i] = w.planOp(p, o, versions, now)
	}
	return p, true, nil
}

// lookUp reads the current version of each stream, and whether any of the
// ids is already recorded, in one round trip.
func (w *writer) lookUp(ctx context.Context, tx pgx.Tx, streams, eventIDs, requestIDs []string) (map[string]uint64, bool, error) {
	b := &pgx.Batch{}
	b.Queue("SELECT stream_id, max(version) FROM "+w.s.table("events")+" WHERE stream_id = ANY($1) GROUP BY stream_id", streams)
	b.Queue("SELECT EXISTS (SELECT 1 FROM "+w.s.table("events")+" WHERE event_id = ANY($1))", eventIDs)
	b.Queue("SELECT EXISTS (SELECT 1 FROM "+w.s.table("requests")+" WHERE request_id = ANY($1))", requestIDs)
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	versions := make(map[string]uint64, len(streams))
	rows, err := br.Query()
	if err != nil {
		return nil, false, fmt.Errorf("read versions: %w", err)
	}
	for rows.Next() {
		var stream string
		var v uint64
		if err := rows.Scan(&stream, &v); err != nil {
			rows.Close()
			return nil, false, fmt.Errorf("read versions: %w", err)
		}
		versions[stream] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("read versions: %w", err)
	}
	var events, requests bool
	if err := br.QueryRow().Scan(&events); err != nil {
		return nil, false, fmt.Errorf("look up event ids: %w", err)
	}
	if err := br.QueryRow().Scan(&requests); err != nil {
		return nil, false, fmt.Errorf("look up request ids: %w", err)
	}
	return versions, events || requests, br.Close()
}

// planOp decides one op's appends in order, each seeing the streams as the
// ones before it left them. An op that fails leaves no row in the plan and
// the head as it was.
func (w *writer) planOp(p *planned, o *events.WriteOp, versions map[string]uint64, now time.Time) events.WriteResult {
	startPos, startLast := w.pos, w.chain.Last()
	nRows, nReqs := p.rows.len(), len(p.reqs.ids)
	changed := map[string]uint64{} // this op's streams' versions before it
	r := events.WriteResult{Results: make([]events.AppendResult, 0, len(o.Appends))}
	for i, req := range o.Appends {
		current := versions[req.StreamID]
		if !req.Expected.Matches(current) {
			for stream, v := range changed {
				versions[stream] = v
			}
			w.pos, w.chain = startPos, events.NewChain(startLast)
			p.rows.truncate(nRows)
			p.reqs.truncate(nReqs)
			return events.WriteResult{Err: &events.ConcurrencyError{StreamID: req.StreamID, Expected: req.Expected, Current: current}}
		}
		res := events.AppendResult{StreamID: req.StreamID, FromVersion: current + 1, FromPosition: w.pos + 1,
			Events: make([]events.Envelope, len(req.Events))}
		for j := range req.Events {
			e := &res.Events[j]
			*e = req.Draft(j, w.pos+1, current+uint64(j)+1, now)
			w.chain.Seal(e)
			p.rows.add(e)
			w.pos++
		}
		res.ToVersion, res.ToPosition = current+uint64(len(req.Events)), w.pos
		if _, ok := changed[req.StreamID]; !ok {
			changed[req.StreamID] = current
		}
		versions[req.StreamID] = res.ToVersion
		if req.RequestID != "" {
			p.reqs.add(req.RequestID, req.StreamID, res.FromPosition, res.ToPosition, o.Fingerprints[i])
		}
		r.Results = append(r.Results, res)
	}
	return r
}
