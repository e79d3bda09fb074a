package main

import (
	"context"
	"fmt"
	"time"
)

// healthPoll is how often health compares the views' position with the
// log's head (one read of the head row). The failures of the writer and of
// the projector are followed as they happen, not polled.
const healthPoll = time.Second

// followHealth keeps the health service in step with what the server can
// do. It answers NOT_SERVING for good on a broken ledger
// (--allow-broken-ledger); while the writer fails (a full disk: appends
// fail); while the projector cannot commit (writes are still recorded, but
// reads would wait for views that do not move); and while the views are
// more than --max-views-lag events behind the log's head (reads wait, and
// may time out). It answers SERVING otherwise. The first status is set
// before it returns, so the server never says SERVING when it should not;
// it follows the changes until ctx is done, with one log line at each turn,
// and then closes s.healthDone.
func (s *server) followHealth(ctx context.Context) {
	h := healthFollower{s: s, serving: true}
	writer, views := h.update(ctx)
	s.healthDone = make(chan struct{})
	go func() {
		defer close(s.healthDone)
		tick := time.NewTicker(healthPoll)
		defer tick.Stop()
		for {
			select {
			case <-writer:
			case <-views:
			case <-tick.C:
			case <-ctx.Done():
				return
			}
			if ctx.Err() != nil { // shutting down: the store may be closing
				return
			}
			writer, views = h.update(ctx)
		}
	}()
}

// healthFollower is the status last set, used by one goroutine at a time.
type healthFollower struct {
	s       *server
	serving bool
	since   time.Time // of the last turn to NOT_SERVING
}

// update sets the status from the server's state, logs a turn, and
// returns the channels that announce the writer's and the projector's next
// change.
func (h *healthFollower) update(ctx context.Context) (writer, views <-chan struct{}) {
	reason, writer, views := h.s.notServing(ctx)
	serving := reason == ""
	h.s.rpc.SetServing(serving)
	switch {
	case h.serving && !serving:
		h.since = time.Now()
		h.s.log.Warn("health: NOT_SERVING", "reason", reason)
	case !h.serving && serving:
		h.s.log.Info("health: SERVING again", "not_serving_for", time.Since(h.since).Round(time.Millisecond))
	}
	h.serving = serving
	return writer, views
}

// notServing says why the server should not get traffic now ("" when it
// should), with the channels closed at the writer's and the projector's
// next change.
func (s *server) notServing(ctx context.Context) (reason string, writer, views <-chan struct{}) {
	var writerErr error // a store that does not report leaves writer nil: no change
	if wh, ok := s.store.(writerHealth); ok {
		writerErr, writer = wh.WriterHealth()
	}
	viewsErr, views := s.views.Health()
	switch {
	case s.broken():
		return "the ledger's hash chain is broken: it is served read-only", writer, views
	case writerErr != nil:
		return fmt.Sprintf("the event store cannot write: %v", writerErr), writer, views
	case viewsErr != nil:
		return fmt.Sprintf("the projector cannot commit to the views: %v", viewsErr), writer, views
	case s.o.maxViewsLag == 0:
		return "", writer, views
	}
	head, _, err := s.store.Head(ctx)
	if err != nil {
		return fmt.Sprintf("read the log's head: %v", err), writer, views
	}
	if applied := s.views.Applied(); applied < head && head-applied > s.o.maxViewsLag {
		return fmt.Sprintf("the views are %d events behind the log (--max-views-lag %d)", head-applied, s.o.maxViewsLag), writer, views
	}
	return "", writer, views
}
