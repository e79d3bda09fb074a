package postgres

import (
	"context"

	"github.com/claimledger/claimledger/events"
)

// Verify implements events.Store with events.VerifyLog: every hash of the
// range recomputed, and the recorded head checked when the range reaches
// it.
func (s *Store) Verify(ctx context.Context, from, to uint64) (events.VerifyReport, error) {
	return events.VerifyLog(ctx, s, from, to)
}

// PageRange implements events.LogPager.
func (s *Store) PageRange(ctx context.Context, after, to uint64, limit int) ([]events.Envelope, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, err
	}
	return s.query(ctx, s.pool, limit, "SELECT "+columns+" FROM "+s.table("events")+
		" WHERE position > $1 AND ($2::bigint = 0 OR position <= $2::bigint) ORDER BY position LIMIT $3", after, to, limit)
}
