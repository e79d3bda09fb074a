package sqlite

import (
	"context"

	"github.com/claimledger/claimledger/events"
)

// subscribePage is how many events a subscription reads at a time, and
// subscribePageBytes how many payload bytes: an article's event holds its
// body (up to 512 KiB), so a page of 500 of them would be 250 MiB, held
// for as long as a slow consumer takes to read it.
const (
	subscribePage      = 500
	subscribePageBytes = 512 << 10
)

// Subscribe implements events.Store: catch up from the log, then follow the
// writer's commits. Positions are assigned in commit order by the single
// writer, so reading "position > last seen" after each commit never skips.
func (s *Store) Subscribe(ctx context.Context, after uint64) (events.Subscription, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, err
	}
	return events.Follow(ctx, after, func(ctx context.Context, after uint64) ([]events.Envelope, bool, error) {
		return s.readAllBounded(ctx, after, subscribePage, subscribePageBytes)
	}, s.notify.Wait, s.notify.IsClosed), nil
}
