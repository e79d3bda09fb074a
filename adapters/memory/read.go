package memory

import (
	"context"
	"fmt"
	"slices"

	"github.com/claimledger/claimledger/events"
)

// reading runs f on the log under its read lock, if the store is open.
func (s *Store) reading(f func(l *Log) error) error {
	if err := s.ensureOpen(); err != nil {
		return err
	}
	s.log.mu.RLock()
	defer s.log.mu.RUnlock()
	return f(s.log)
}

// ReadStream implements events.Store.
func (s *Store) ReadStream(ctx context.Context, streamID string, opts events.ReadStreamOptions) (out []events.Envelope, err error) {
	// A closed store says so before it judges the stream id.
	if err := events.ValidateStreamID(streamID); err != nil && s.ensureOpen() == nil {
		return nil, err
	}
	limit := events.PageSize(opts.Limit)
	err = s.reading(func(l *Log) error {
		positions := l.streams[streamID]
		if !opts.Backward {
			for v := max(opts.From, 1); v <= uint64(len(positions)) && len(out) < limit; v++ {
				out = l.appendAt(out, positions[v-1])
			}
			return nil
		}
		v := uint64(len(positions))
		if opts.From != 0 {
			v = min(v, opts.From)
		}
		for ; v >= 1 && len(out) < limit; v-- {
			out = l.appendAt(out, positions[v-1])
		}
		return nil
	})
	return out, err
}

// ReadAll implements events.Store.
func (s *Store) ReadAll(ctx context.Context, after uint64, limit int) (out []events.Envelope, err error) {
	err = s.reading(func(l *Log) error {
		out = l.page(after, events.PageSize(limit))
		return nil
	})
	return out, err
}

// page copies up to limit events after position after. The caller holds
// the lock.
func (l *Log) page(after uint64, limit int) []events.Envelope {
	i := l.after(after)
	n := min(limit, len(l.events)-i)
	out := make([]events.Envelope, n)
	for j := range out {
		out[j] = clone(l.events[i+j])
	}
	return out
}

// appendAt appends a copy of the event at pos, if there is one.
func (l *Log) appendAt(out []events.Envelope, pos uint64) []events.Envelope {
	if i := l.index(pos); i >= 0 {
		out = append(out, clone(l.events[i]))
	}
	return out
}

// Head implements events.Store: the recorded head.
func (s *Store) Head(ctx context.Context) (pos uint64, hash []byte, err error) {
	err = s.reading(func(l *Log) error {
		pos, hash = l.headPos, slices.Clone(l.headHash)
		return nil
	})
	return pos, hash, err
}

// FindRequest implements events.RequestFinder.
func (s *Store) FindRequest(ctx context.Context, requestID string) (res events.AppendResult, found bool, err error) {
	err = s.reading(func(l *Log) error {
		r, ok := l.requests[requestID]
		if !ok {
			return nil
		}
		if res, err = l.begin().replayed(r.from, r.to); err != nil {
			return fmt.Errorf("find request %s: %w", requestID, err)
		}
		found = true
		return nil
	})
	return res, found, err
}

// clone copies e so that no caller shares the log's byte slices.
func clone(e events.Envelope) events.Envelope {
	e.Payload = slices.Clone(e.Payload)
	e.PrevHash = slices.Clone(e.PrevHash)
	e.Hash = slices.Clone(e.Hash)
	return e
}
