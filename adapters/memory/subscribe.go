package memory

import (
	"context"

	"github.com/claimledger/claimledger/events"
)

// Subscribe implements events.Store, following the log in pages of the
// default size. A commit makes all its events visible at once under the
// log's lock, so reading "position > last seen" after each commit never
// skips one.
func (s *Store) Subscribe(ctx context.Context, after uint64) (events.Subscription, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, err
	}
	closed := func() bool { return s.ensureOpen() != nil }
	return events.Follow(ctx, after, s.followPage, s.log.wake, closed), nil
}

func (s *Store) followPage(ctx context.Context, after uint64) ([]events.Envelope, bool, error) {
	es, err := s.ReadAll(ctx, after, events.DefaultPageSize)
	return es, len(es) == events.DefaultPageSize, err
}

// wake returns a channel closed at the next commit, or when a store on the
// log closes.
func (l *Log) wake() <-chan struct{} {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.changed
}

// broadcast wakes everyone waiting on the log. The caller holds the lock.
func (l *Log) broadcast() {
	close(l.changed)
	l.changed = make(chan struct{})
}
