package postgres

import (
	"context"
	"sync/atomic"

	"github.com/claimledger/claimledger/events"
)

// op is one unit of work for the writer: appends recorded together (one,
// or several streams' at once), or an import.
type op struct {
	appends      []*events.AppendRequest
	fingerprints [][]byte // of each append with a request id
	imports      []events.Envelope
	done         chan opResult
}

type opResult struct {
	results []events.AppendResult // one per append of the op
	err     error
}

// writer is the process's only goroutine that writes events: it commits
// every op that is waiting in one transaction, so the round trips and the
// WAL flush of a commit, and the wait for the head lock other processes
// hold, are paid once per batch rather than once per append.
type writer struct {
	s     *Store
	ops   chan *op
	done  chan struct{}
	pos   uint64 // the head, as read under the head lock of the open batch
	chain *events.Chain
	// callers counts the ops submitted and not yet answered, including
	// those still on their way to the queue; see events.Gather.
	callers atomic.Int64
}

func startWriter(_ context.Context, s *Store) (*writer, error) {
	w := &writer{s: s, ops: make(chan *op, s.cfg.MaxBatch), done: make(chan struct{})}
	go w.run()
	return w, nil
}

func (w *writer) run() {
	defer close(w.done)
	batch := make([]*op, 0, w.s.cfg.MaxBatch)
	for first := range w.ops {
		w.commit(events.Gather(w.ops, append(batch[:0], first), w.s.cfg.MaxBatch, &w.callers))
	}
}

// submit hands o to the writer and waits for its result. The writer never
// abandons an op, so the wait ends even if ctx is done; ctx only stops the
// wait for a place in the queue.
func (w *writer) submit(ctx context.Context, o *op) opResult {
	o.done = make(chan opResult, 1)
	w.callers.Add(1)
	defer w.callers.Add(-1)
	w.s.closeMu.RLock()
	if w.s.closed {
		w.s.closeMu.RUnlock()
		return opResult{err: events.ErrClosed}
	}
	select {
	case w.ops <- o:
	case <-ctx.Done():
		w.s.closeMu.RUnlock()
		return opResult{err: ctx.Err()}
	}
	w.s.closeMu.RUnlock()
	return <-o.done
}

// stop lets the writer commit what is queued. The caller has marked the
// store closed, so nothing new is queued.
func (w *writer) stop() {
	w.s.closeMu.Lock() // wait for senders that are still queueing
	close(w.ops)
	w.s.closeMu.Unlock()
	<-w.done
}
