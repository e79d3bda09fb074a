package sqlite

import (
	"context"

	"github.com/claimledger/claimledger/events"
)

// Verify implements events.Store with events.VerifyLog: every hash of the
// range recomputed, and the recorded head checked when the range reaches
// it.
func (s *Store) Verify(ctx context.Context, from, to uint64) (events.VerifyReport, error) {
	if err := s.ensureOpen(); err != nil {
		return events.VerifyReport{}, err
	}
	return events.VerifyLog(ctx, s, from, to)
}

// PageRange implements events.LogPager.
func (s *Store) PageRange(ctx context.Context, after, to uint64, limit int) ([]events.Envelope, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, err
	}
	return query(ctx, s.rdb, limit,
		"SELECT "+columns+" FROM events WHERE position > ? AND (? = 0 OR position <= ?) ORDER BY position LIMIT ?",
		after, to, to, limit)
}
