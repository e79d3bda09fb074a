package sqlite

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/claimledger/claimledger/events"
)

// Subscriber is the watermill face of the log: it delivers a topic's events
// in position order, one at a time per consumer group, and stores the
// group's offset in SQLite when a message is acked. A nacked message is
// redelivered. Delivery is at least once: an ack whose offset write is lost
// (power loss under synchronous=NORMAL for offsets) is delivered again.
type Subscriber struct {
	s     *Store
	group string
	subs  subscriptions
}

var _ message.Subscriber = (*Subscriber)(nil)

// Subscriber returns a watermill subscriber in consumerGroup. Subscribers of
// the same group and topic share the work; every group sees every message.
func (s *Store) Subscriber(consumerGroup string) *Subscriber {
	return &Subscriber{s: s, group: consumerGroup, subs: newSubscriptions()}
}

// Subscribe implements message.Subscriber. The channel closes when ctx is
// done, when the subscriber or the store is closed.
func (sub *Subscriber) Subscribe(ctx context.Context, topic string) (<-chan *message.Message, error) {
	if err := events.ValidateStreamID(topic); err != nil {
		return nil, fmt.Errorf("subscribe: topic: %w", err)
	}
	var g *group
	return sub.subs.start(ctx, func() (err error) {
		g, err = sub.s.groups.get(ctx, sub.group, topic)
		return err
	}, func(ctx context.Context, out chan<- *message.Message) { sub.deliver(ctx, g, out) })
}

func (sub *Subscriber) deliver(ctx context.Context, g *group, out chan<- *message.Message) {
	log := sub.s.cfg.Logger.With("group", g.key.name, "topic", g.key.topic)
	for {
		e, err := g.next(ctx)
		if err != nil {
			if ctx.Err() == nil && !errors.Is(err, events.ErrClosed) {
				log.Error("subscriber stopped", "err", err)
			}
			return
		}
		// The message's context ends with its ack or nack, as watermill
		// handlers expect.
		msgCtx, cancelMsg := context.WithCancel(ctx)
		msg, err := events.DeliveredMessage(msgCtx, &e)
		if err != nil {
			cancelMsg()
			g.release()
			log.Error("subscriber stopped", "err", err)
			return
		}
		if !sub.handOver(ctx, g, out, msg, e.Position, log) {
			cancelMsg()
			return
		}
		cancelMsg()
	}
}

// handOver delivers msg and waits for its ack or nack. It reports false
// when the subscription is ending.
func (sub *Subscriber) handOver(ctx context.Context, g *group, out chan<- *message.Message, msg *message.Message, pos uint64, log *slog.Logger) bool {
	select {
	case out <- msg:
	case <-ctx.Done():
		g.release()
		return false
	}
	select {
	case <-msg.Acked():
		if err := g.ack(context.WithoutCancel(ctx), pos); err != nil {
			log.Error("ack not stored; the message will be delivered again", "position", pos, "err", err)
		}
	case <-msg.Nacked():
		g.release()
	case <-ctx.Done():
		g.release()
		return false
	}
	return true
}

// Close ends every subscription of this subscriber and waits for them.
func (sub *Subscriber) Close() error { return sub.subs.shut() }
