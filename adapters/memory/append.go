package memory

import (
	"context"
	"time"

	"github.com/claimledger/claimledger/events"
)

// Append implements events.Store.
func (s *Store) Append(ctx context.Context, req events.AppendRequest) (events.AppendResult, error) {
	return events.AppendOne(ctx, s, req)
}

// AppendAll implements events.MultiAppender: the requests are checked one
// after the other in one transaction that commits only if all pass.
func (s *Store) AppendAll(ctx context.Context, reqs []events.AppendRequest) ([]events.AppendResult, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, err
	}
	if err := events.ValidateAll(reqs, s.maxPayload); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	tx := s.log.begin()
	now := time.Now().UTC()
	out := make([]events.AppendResult, len(reqs))
	for i := range reqs {
		res, err := tx.append(&reqs[i], now)
		if err != nil {
			return nil, err
		}
		out[i] = res
	}
	tx.commit()
	return out, nil
}

// append checks req against the log as the transaction left it and, unless
// it is a retry, adds its events.
func (t *txn) append(req *events.AppendRequest, now time.Time) (events.AppendResult, error) {
	var fp []byte
	if req.RequestID != "" {
		fp = req.Fingerprint()
		if res, found, err := t.replayRequest(req.RequestID, fp); found || err != nil {
			return res, err
		}
	}
	if res, found, err := t.replayEventIDs(req); found || err != nil {
		return res, err
	}
	current := t.version(req.StreamID)
	if !req.Expected.Matches(current) {
		return events.AppendResult{}, &events.ConcurrencyError{StreamID: req.StreamID, Expected: req.Expected, Current: current}
	}
	res := events.AppendResult{StreamID: req.StreamID, FromVersion: current + 1, FromPosition: t.pos + 1,
		Events: make([]events.Envelope, len(req.Events))}
	for i := range req.Events {
		e := req.Draft(i, t.pos+1, current+uint64(i)+1, now)
		t.chain.Seal(&e)
		t.add(clone(e))
		res.Events[i] = clone(e)
	}
	res.ToVersion, res.ToPosition = current+uint64(len(req.Events)), t.pos
	if req.RequestID != "" {
		t.requests[req.RequestID] = request{from: res.FromPosition, to: res.ToPosition, fingerprint: fp}
	}
	return res, nil
}
