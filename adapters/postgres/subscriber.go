package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/claimledger/claimledger/events"
)

// busyPoll is how soon a consumer looks again when another consumer of its
// group holds the cursor, and errorPause how long it waits after a failed
// query before trying again.
const (
	busyPoll   = 10 * time.Millisecond
	errorPause = 100 * time.Millisecond
)

// Subscriber is the watermill face of the log: it delivers a topic's events
// in position order, one at a time per consumer group across every process
// on the database (see cursor), and stores the group's offset when a
// message is acked. A nacked message is redelivered. Delivery is at least
// once: a message whose ack is not stored, or whose handler outlives the
// lease, is delivered again.
type Subscriber struct {
	s     *Store
	group string

	mu     sync.Mutex
	closed bool
	done   chan struct{}
	wg     sync.WaitGroup
}

var _ message.Subscriber = (*Subscriber)(nil)

// Subscriber returns a watermill subscriber in consumerGroup. Subscribers of
// the same group and topic share the work; every group sees every message.
func (s *Store) Subscriber(consumerGroup string) *Subscriber {
	return &Subscriber{s: s, group: consumerGroup, done: make(chan struct{})}
}

// Subscribe implements message.Subscriber. The channel closes when ctx is
// done, when the subscriber or the store is closed.
func (sub *Subscriber) Subscribe(ctx context.Context, topic string) (<-chan *message.Message, error) {
	if err := events.ValidateStreamID(topic); err != nil {
		return nil, fmt.Errorf("subscribe: topic: %w", err)
	}
	if err := sub.s.ensureOpen(); err != nil {
		return nil, err
	}
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if sub.closed {
		return nil, errors.New("subscribe: subscriber is closed")
	}
	c := &cursor{s: sub.s, group: sub.group, topic: topic, owner: events.NewEventID()}
	if err := c.create(ctx); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	out := make(chan *message.Message)
	sub.wg.Add(1)
	go func() {
		defer sub.wg.Done()
		defer close(out)
		defer cancel()
		go func() {
			select {
			case <-sub.done:
				cancel()
			case <-ctx.Done():
			}
		}()
		sub.run(ctx, c, out)
	}()
	return out, nil
}

func (sub *Subscriber) run(ctx context.Context, c *cursor, out chan<- *message.Message) {
	log := sub.s.cfg.Logger.With("group", c.group, "topic", c.topic)
	for {
		wake := sub.s.notify.Wait()
		delivered, busy, err := sub.one(ctx, c, out)
		if ctx.Err() != nil || sub.s.notify.IsClosed() {
			return
		}
		wait := sub.s.cfg.Poll
		switch {
		case err != nil:
			log.Error("subscriber query failed; retrying", "err", err)
			wait, wake = errorPause, nil
		case delivered:
			continue
		case busy:
			wait = busyPoll
		}
		select {
		case <-wake:
		case <-time.After(wait):
		case <-ctx.Done():
			return
		}
	}
}

// leasePage is how many messages a consumer delivers under one lease
// before it gives its group's cursor back to the others.
const leasePage = 100

// one delivers the group's next messages, if there are some and the cursor
// is free, each after the previous one was acked.
func (sub *Subscriber) one(ctx context.Context, c *cursor, out chan<- *message.Message) (delivered, busy bool, err error) {
	// The lease is taken and given back whatever happens to ctx: a take
	// cancelled on the client after the server ran it would leave the
	// group's cursor leased to a consumer that is gone, for leaseTime.
	bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	offset, ok, err := c.take(bg)
	if err != nil || !ok {
		return false, !ok, err
	}
	page, err := sub.s.query(ctx, sub.s.pool, leasePage, "SELECT "+columns+" FROM "+sub.s.table("events")+
		" WHERE topic = $1 AND position > $2 ORDER BY position LIMIT $3", c.topic, offset, leasePage)
	if err == nil {
		for i := range page {
			var acked bool
			if acked, err = sub.handOver(ctx, c, out, &page[i]); !acked || err != nil {
				break
			}
		}
	}
	return len(page) > 0, false, errors.Join(err, c.release(bg))
}

// handOver delivers e and waits for its ack (true, the offset stored) or
// nack (false).
func (sub *Subscriber) handOver(ctx context.Context, c *cursor, out chan<- *message.Message, e *events.Envelope) (bool, error) {
	msgCtx, cancelMsg := context.WithCancel(ctx)
	defer cancelMsg() // the message's context ends with its ack or nack
	msg, err := events.DeliveredMessage(msgCtx, e)
	if err != nil {
		return false, err
	}
	select {
	case out <- msg:
	case <-ctx.Done():
		return false, nil
	}
	select {
	case <-msg.Acked():
		if err := c.commit(context.WithoutCancel(ctx), e.Position); err != nil {
			sub.logAckLost(e.Position, err)
			return false, nil
		}
		return true, nil
	case <-msg.Nacked():
		return false, nil
	case <-ctx.Done():
		return false, nil
	}
}

func (sub *Subscriber) logAckLost(pos uint64, err error) {
	sub.s.cfg.Logger.Error("ack not stored; the message will be delivered again", slog.Uint64("position", pos), "err", err)
}

// Close ends every subscription of this subscriber and waits for them.
func (sub *Subscriber) Close() error {
	sub.mu.Lock()
	if !sub.closed {
		sub.closed = true
		close(sub.done)
	}
	sub.mu.Unlock()
	sub.wg.Wait()
	return nil
}
