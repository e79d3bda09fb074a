package sqlite

import (
	"context"

	"github.com/claimledger/claimledger/events"
)

// subscribePage is how many events a subscription reads at a time.
const subscribePage = 500

// Subscribe implements events.Store: catch up from the log, then follow the
// writer's commits. Positions are assigned in commit order by the single
// writer, so reading "position > last seen" after each commit never skips.
func (s *Store) Subscribe(ctx context.Context, after uint64) (events.Subscription, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, err
	}
	return events.Follow(ctx, after, subscribePage, func(ctx context.Context, after uint64) ([]events.Envelope, error) {
		return s.ReadAll(ctx, after, subscribePage)
	}, s.notify.wait, s.notify.isClosed), nil
}
