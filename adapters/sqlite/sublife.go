package sqlite

import (
	"context"
	"errors"
	"sync"

	"github.com/ThreeDotsLabs/watermill/message"
)

// subscriptions is what both subscribers share: the goroutines of their
// subscriptions and the Close that ends them all.
type subscriptions struct {
	mu     sync.Mutex
	closed bool
	done   chan struct{} // closed by shut
	wg     sync.WaitGroup
}

func newSubscriptions() subscriptions { return subscriptions{done: make(chan struct{})} }

// start runs deliver on its own goroutine with a channel it owns: the
// channel closes when deliver returns, which it must when its context ends
// (ctx done, or shut). prepare runs first, under the lock, so a subscription
// never starts after shut.
func (s *subscriptions) start(ctx context.Context, prepare func() error, deliver func(context.Context, chan<- *message.Message)) (<-chan *message.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errors.New("subscribe: subscriber is closed")
	}
	if err := prepare(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	out := make(chan *message.Message)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(out)
		defer cancel()
		go func() {
			select {
			case <-s.done:
				cancel()
			case <-ctx.Done():
			}
		}()
		deliver(ctx, out)
	}()
	return out, nil
}

// shut ends every subscription and waits for them.
func (s *subscriptions) shut() error {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
	s.mu.Unlock()
	s.wg.Wait()
	return nil
}
