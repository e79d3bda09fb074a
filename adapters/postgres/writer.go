package postgres

import (
	"context"
	"fmt"

	"github.com/claimledger/claimledger/events"
)

// writer is the process's only goroutine that writes events: it commits
// every op that is waiting in one transaction, so the round trips and the
// WAL flush of a commit, and the wait for the head lock other processes
// hold, are paid once per batch rather than once per append.
type writer struct {
	s     *Store
	q     *events.WriteQueue
	done  chan struct{}
	pos   uint64 // the head, as read under the head lock of the open batch
	chain *events.Chain
	// broken is set when Open found the chain broken: appending would
	// bury the fault under new events, so every op is refused.
	broken error
}

func startWriter(_ context.Context, s *Store) (*writer, error) {
	w := &writer{s: s, q: events.NewWriteQueue(s.cfg.MaxBatch), done: make(chan struct{})}
	if f := s.openCheck.Fault; f != nil {
		w.broken = fmt.Errorf("the log is read-only: %w", f)
		s.cfg.Logger.Error("event store hash chain broken: appends are refused", "schema", s.cfg.Schema,
			"position", f.Position, "reason", f.Reason)
	}
	go w.run()
	return w, nil
}

func (w *writer) run() {
	defer close(w.done)
	for {
		first, ok := w.next()
		if !ok {
			return
		}
		if first == nil {
			w.probe()
			continue
		}
		w.commit(w.q.Gather(first))
	}
}

// submit hands o to the writer and waits for its result.
func (w *writer) submit(ctx context.Context, o *events.WriteOp) events.WriteResult {
	return w.q.Submit(ctx, o)
}

// stop lets the writer commit what is queued.
func (w *writer) stop() {
	w.q.Close()
	<-w.done
}
