package sqlite

import (
	"context"
	"fmt"

	"github.com/claimledger/claimledger/events"
)

// replayBatch is how many events Replay hands to fn at a time.
const replayBatch = 1024

// Replay streams the log's events with position > after, up to and
// including position to (0: the head at the start), to fn in position order.
// One goroutine reads rows on a single cursor while fn runs on the caller's
// goroutine, so reading and folding use both cores. fn must not keep the
// slice after it returns.
func (s *Store) Replay(ctx context.Context, after, to uint64, fn func([]events.Envelope) error) error {
	if err := s.ensureOpen(); err != nil {
		return err
	}
	if to == 0 {
		head, _, err := s.Head(ctx)
		if err != nil {
			return err
		}
		to = head
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []events.Envelope, 4)
	free := make(chan []events.Envelope, 6)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- s.stream(ctx, after, to, batches, free)
	}()
	for b := range batches {
		if err := fn(b); err != nil {
			cancel()
			for range batches { // let the reader finish
			}
			return err
		}
		select {
		case free <- b[:0]:
		default:
		}
	}
	return <-readErr
}

// stream reads rows after..to into batches, reusing the slices in free.
func (s *Store) stream(ctx context.Context, after, to uint64, batches chan<- []events.Envelope, free <-chan []events.Envelope) error {
	batch := make([]events.Envelope, 0, replayBatch)
	err := rawQuery(ctx, s.rdb, "SELECT "+columns+" FROM events WHERE position > ? AND position <= ? ORDER BY position",
		[]any{int64(after), int64(to)}, func(e *events.Envelope) error {
			batch = append(batch, *e)
			if len(batch) < replayBatch {
				return nil
			}
			select {
			case batches <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case batch = <-free:
			default:
				batch = make([]events.Envelope, 0, replayBatch)
			}
			return nil
		})
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	if len(batch) > 0 {
		select {
		case batches <- batch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
