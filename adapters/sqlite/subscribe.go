package sqlite

import (
	"context"
	"sync"

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
	ctx, cancel := context.WithCancel(ctx)
	// The channel holds one event: a consumer that stops reading (a
	// WatchEvents client that does not read, held back by flow control)
	// then pins one page and one event, not a channel's worth of them.
	sub := &subscription{ch: make(chan events.Envelope, 1), cancel: cancel, done: make(chan struct{})}
	go sub.run(ctx, func(ctx context.Context, after uint64) ([]events.Envelope, bool, error) {
		return s.readAllBounded(ctx, after, subscribePage, subscribePageBytes)
	}, s.notify, after)
	return sub, nil
}

// pageReader reads the events after a position; more says the page was cut
// short by its bounds, so more events may be stored.
type pageReader func(ctx context.Context, after uint64) (page []events.Envelope, more bool, err error)

type subscription struct {
	ch     chan events.Envelope
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	err    error
}

func (s *subscription) run(ctx context.Context, read pageReader, n *notifier, after uint64) {
	defer close(s.done)
	defer close(s.ch)
	for {
		wake := n.wait() // before reading, so a commit during the read wakes us
		page, more, err := read(ctx, after)
		if err != nil {
			if ctx.Err() == nil {
				s.setErr(err)
			}
			return
		}
		for _, e := range page {
			select {
			case s.ch <- e:
				after = e.Position
			case <-ctx.Done():
				return
			}
		}
		if more {
			continue
		}
		select {
		case <-wake:
			if n.isClosed() {
				s.setErr(events.ErrClosed)
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

func (s *subscription) setErr(err error) {
	s.mu.Lock()
	s.err = err
	s.mu.Unlock()
}

func (s *subscription) Events() <-chan events.Envelope { return s.ch }

func (s *subscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

func (s *subscription) Close() error {
	s.cancel()
	<-s.done
	return nil
}
