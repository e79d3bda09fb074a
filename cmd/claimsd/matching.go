package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
)

// matchingGroup is the consumer group running deferred matching. Its cursor
// is kept with the log, so a deferral left when claimsd stops is run after
// it starts again.
const matchingGroup = "claimsd-matching"

// Pacing of a deferred matching that cannot run yet (the views still lag).
const (
	matchRetryFirst = 100 * time.Millisecond
	matchRetryMax   = 5 * time.Second
)

// startMatching runs the matching that ingests deferred while the views
// lagged (app.RunDeferredMatching), as a watermill consumer of the log's
// matching topic.
func (s *server) startMatching(sub message.Subscriber) {
	ctx, cancel := context.WithCancel(context.Background())
	s.stopMatching = cancel
	go func() {
		defer close(s.matchingDone)
		s.matchingErr = errors.Join(followMatching(ctx, sub, s.cmds, s.log.With("component", "matching")), sub.Close())
	}()
}

// followMatching handles the matching topic's messages one at a time until
// ctx is done. A message is acknowledged once its matching is recorded (or
// was already, or needs none); until then it is retried with backoff, and
// handed back (nacked) when claimsd stops.
func followMatching(ctx context.Context, sub message.Subscriber, cmds *app.Commands, log *slog.Logger) error {
	msgs, err := sub.Subscribe(ctx, app.MatchingTopic)
	if err != nil {
		return fmt.Errorf("subscribe to %s: %w", app.MatchingTopic, err)
	}
	for m := range msgs {
		e, err := events.FromMessage(m)
		if err != nil {
			log.Error("not an event of the log; skipped", "message", m.UUID, "err", err)
			m.Ack()
			continue
		}
		if !runMatching(ctx, cmds, &e, log) {
			m.Nack()
			return ctx.Err()
		}
		m.Ack()
	}
	return ctx.Err()
}

// runMatching runs e's deferred matching, retrying until it is recorded or
// ctx is done (reported false). The first failure and the recovery are
// logged, not every retry.
func runMatching(ctx context.Context, cmds *app.Commands, e *events.Envelope, log *slog.Logger) bool {
	wait, failures := matchRetryFirst, 0
	for {
		ran, err := cmds.RunDeferredMatching(ctx, e)
		if err == nil {
			if ran {
				log.Info("deferred matching recorded", "position", e.Position, "stream", e.StreamID, "retries", failures)
			}
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		if failures == 0 {
			log.Warn("deferred matching cannot run yet; retrying with backoff", "position", e.Position, "err", err)
		}
		failures++
		select {
		case <-ctx.Done():
			return false
		case <-time.After(wait):
		}
		wait = min(2*wait, matchRetryMax)
	}
}
