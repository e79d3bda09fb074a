package events

import (
	"context"
	"sync"
)

// Follow is the Subscription a store with one commit order builds from two
// things: read, which returns up to page events after a position, and
// wake, which returns a channel closed at the next commit or when the store
// closes. wake is taken before each read, so a commit during the read is
// never missed; when positions become visible in commit order, reading
// "position > last delivered" after each wake never skips an event. Once
// closed reports true the subscription ends with ErrClosed.
func Follow(ctx context.Context, after uint64, page int, read func(ctx context.Context, after uint64) ([]Envelope, error),
	wake func() <-chan struct{}, closed func() bool) Subscription {
	ctx, cancel := context.WithCancel(ctx)
	f := &follower{ch: make(chan Envelope, page), cancel: cancel, done: make(chan struct{})}
	go f.run(ctx, after, page, read, wake, closed)
	return f
}

type follower struct {
	ch     chan Envelope
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	err    error
}

func (f *follower) run(ctx context.Context, after uint64, page int, read func(ctx context.Context, after uint64) ([]Envelope, error),
	wake func() <-chan struct{}, closed func() bool) {
	defer close(f.done)
	defer close(f.ch)
	for {
		woken := wake()
		es, err := read(ctx, after)
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
		if len(es) == page {
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
