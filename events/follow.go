package events

import (
	"context"
	"sync"
)

// PageReader reads the events after a position; more says the page was cut
// short by its bounds (a count or a size), so more events may be stored.
type PageReader func(ctx context.Context, after uint64) (page []Envelope, more bool, err error)

// Follow is the Subscription a store with one commit order builds from two
// things: read, which returns a bounded page of events after a position, and
// wake, which returns a channel closed at the next commit or when the store
// closes. wake is taken before each read, so a commit during the read is
// never missed; when positions become visible in commit order, reading
// "position > last delivered" after each wake never skips an event. Once
// closed reports true the subscription ends with ErrClosed.
//
// The channel holds one event: a consumer that stops reading (a WatchEvents
// client held back by flow control) pins one page and one event, not a
// channel's worth of them.
func Follow(ctx context.Context, after uint64, read PageReader, wake func() <-chan struct{}, closed func() bool) Subscription {
	ctx, cancel := context.WithCancel(ctx)
	f := &follower{ch: make(chan Envelope, 1), cancel: cancel, done: make(chan struct{})}
	go f.run(ctx, after, read, wake, closed)
	return f
}

type follower struct {
	ch     chan Envelope
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	err    error
}

func (f *follower) run(ctx context.Context, after uint64, read PageReader, wake func() <-chan struct{}, closed func() bool) {
	defer close(f.done)
	defer close(f.ch)
	for {
		woken := wake()
		es, more, err := read(ctx, after)
		if err != nil {
			if ctx.Err() == nil {
				f.setErr(err)
			}
			return
		}
		for _, e := range es {
			select {
			case f.ch <- e:
				after = e.Position
			case <-ctx.Done():
				return
			}
		}
		if more {
			continue
		}
		select {
		case <-woken:
			if closed() {
				f.setErr(ErrClosed)
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

func (f *follower) setErr(err error) {
	f.mu.Lock()
	f.err = err
	f.mu.Unlock()
}

func (f *follower) Events() <-chan Envelope { return f.ch }

func (f *follower) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

func (f *follower) Close() error {
	f.cancel()
	<-f.done
	return nil
}
