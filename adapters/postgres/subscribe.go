package postgres

import (
	"context"

	"github.com/claimledger/claimledger/events"
)

// subscribePage is how many events a subscription reads at a time, and
// subscribePageBytes how many payload bytes.
const (
	subscribePage      = 500
	subscribePageBytes = 512 << 10
)

// Subscribe implements events.Store: catch up from the log, then follow the
// commits of this process and, through LISTEN/NOTIFY and polling, of the
// others. Positions become visible in commit order (the head lock), so
// reading "position > last seen" after each wake never skips.
func (s *Store) Subscribe(ctx context.Context, after uint64) (events.Subscription, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, err
	}
	return events.Follow(ctx, after, func(ctx context.Context, after uint64) ([]events.Envelope, bool, error) {
		return s.readAllBounded(ctx, after, subscribePage, subscribePageBytes)
	}, s.notify.Wait, s.notify.IsClosed), nil
}
