package memory

import (
	"bytes"
	"fmt"
	"maps"

	"github.com/claimledger/claimledger/events"
)

// txn gathers one AppendAll or Import on top of the log; commit makes it
// visible at once, and dropping it leaves the log as it was. The caller
// holds the log's lock from begin to commit.
type txn struct {
	l        *Log
	pos      uint64
	chain    *events.Chain
	added    []events.Envelope
	streams  map[string][]uint64
	ids      map[string]uint64
	requests map[string]request
}

func (l *Log) begin() *txn {
	return &txn{l: l, pos: l.headPos, chain: events.NewChain(l.headHash),
		streams: map[string][]uint64{}, ids: map[string]uint64{}, requests: map[string]request{}}
}

// add puts e, sealed, at the next position.
func (t *txn) add(e events.Envelope) {
	t.added = append(t.added, e)
	t.pos = e.Position
	t.streams[e.StreamID] = append(t.streams[e.StreamID], e.Position)
	t.ids[e.EventID] = e.Position
}

func (t *txn) commit() {
	l := t.l
	if len(t.added) == 0 {
		return // retries only: nothing written
	}
	l.events = append(l.events, t.added...)
	for s, ps := range t.streams {
		l.streams[s] = append(l.streams[s], ps...)
	}
	maps.Copy(l.ids, t.ids)
	maps.Copy(l.requests, t.requests)
	l.headPos, l.headHash = t.pos, t.chain.Last()
	l.broadcast()
}

// version is the stream's version as the transaction left it.
func (t *txn) version(stream string) uint64 {
	return uint64(len(t.l.streams[stream]) + len(t.streams[stream]))
}

func (t *txn) eventAt(pos uint64) (*events.Envelope, bool) {
	if pos > t.l.headPos {
		i := pos - t.l.headPos - 1
		if i < uint64(len(t.added)) {
			return &t.added[i], true
		}
		return nil, false
	}
	if i := t.l.index(pos); i >= 0 {
		return &t.l.events[i], true
	}
	return nil, false
}

func (t *txn) positionOf(eventID string) (uint64, bool) {
	if p, ok := t.ids[eventID]; ok {
		return p, true
	}
	p, ok := t.l.ids[eventID]
	return p, ok
}

// replayRequest finds an append recorded under the request id.
func (t *txn) replayRequest(id string, fp []byte) (events.AppendResult, bool, error) {
	r, ok := t.requests[id]
	if !ok {
		r, ok = t.l.requests[id]
	}
	if !ok {
		return events.AppendResult{}, false, nil
	}
	if !bytes.Equal(r.fingerprint, fp) {
		return events.AppendResult{}, true, fmt.Errorf("%w: request id %q was recorded at positions %d-%d with other content",
			events.ErrIdempotencyConflict, id, r.from, r.to)
	}
	res, err := t.replayed(r.from, r.to)
	return res, true, err
}

// replayEventIDs finds an append whose caller-chosen event ids are already
// recorded (see events.FindRetry).
func (t *txn) replayEventIDs(req *events.AppendRequest) (events.AppendResult, bool, error) {
	first, found, err := events.FindRetry(req, func(id string) (events.Envelope, bool, error) {
		if pos, ok := t.positionOf(id); ok {
			if e, ok := t.eventAt(pos); ok {
				return *e, true, nil
			}
		}
		return events.Envelope{}, false, nil
	})
	if !found || err != nil {
		return events.AppendResult{}, found, err
	}
	res, err := t.replayed(first, first+uint64(len(req.Events))-1)
	return res, true, err
}

// replayed is the result of the append recorded at positions from..to, as
// a retry of it gets it back.
func (t *txn) replayed(from, to uint64) (events.AppendResult, error) {
	res := events.AppendResult{FromPosition: from, ToPosition: to, Replayed: true}
	for pos := from; pos <= to; pos++ {
		e, ok := t.eventAt(pos)
		if !ok {
			return events.AppendResult{}, fmt.Errorf("replay positions %d-%d: no event at %d", from, to, pos)
		}
		res.Events = append(res.Events, clone(*e))
	}
	first, last := res.Events[0], res.Events[len(res.Events)-1]
	res.StreamID, res.FromVersion, res.ToVersion = first.StreamID, first.Version, last.Version
	return res, nil
}
