package events

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// WriteQueue hands ops from a store's callers to its writer goroutine,
// which commits the ops waiting together in one transaction (group
// commit, see Gather).
type WriteQueue struct {
	ops   chan *WriteOp
	max   int
	batch []*WriteOp // reused by Gather, on the writer's goroutine
	// mu orders Submit's send against Close's close of ops.
	mu     sync.RWMutex
	closed bool
	// callers counts the ops submitted and not yet answered, including
	// those still on their way to the queue; see Gather.
	callers atomic.Int64
}

// NewWriteQueue returns a queue whose batches hold at most maxBatch ops.
func NewWriteQueue(maxBatch int) *WriteQueue {
	return &WriteQueue{ops: make(chan *WriteOp, maxBatch), max: maxBatch}
}

// Submit hands o to the writer and waits for its answer. The writer never
// abandons an op, so the wait ends even if ctx is done; ctx only stops the
// wait for a place in the queue. After Close it answers ErrClosed.
func (q *WriteQueue) Submit(ctx context.Context, o *WriteOp) WriteResult {
	o.done = make(chan WriteResult, 1)
	q.callers.Add(1)
	defer q.callers.Add(-1)
	q.mu.RLock()
	if q.closed {
		q.mu.RUnlock()
		return WriteResult{Err: ErrClosed}
	}
	select {
	case q.ops <- o:
	case <-ctx.Done():
		q.mu.RUnlock()
		return WriteResult{Err: ctx.Err()}
	}
	q.mu.RUnlock()
	return <-o.done
}

// Run is the writer's loop: it calls commit with each batch, which must
// answer every op of it, until Close, and returns once the ops queued
// before Close are committed.
func (q *WriteQueue) Run(commit func(batch []*WriteOp)) {
	for {
		first, ok := q.Next(0)
		if !ok {
			return
		}
		commit(q.Gather(first))
	}
}

// Next waits for the next op, for at most wait when wait > 0 (then it
// returns nil and true if none came), else until one comes. ok is false
// once the queue is closed and every op queued was taken. For a writer
// that has work of its own while idle; others use Run.
func (q *WriteQueue) Next(wait time.Duration) (o *WriteOp, ok bool) {
	if wait <= 0 {
		o, ok = <-q.ops
		return o, ok
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case o, ok = <-q.ops:
		return o, ok
	case <-t.C:
		return nil, true
	}
}

// Gather is first with the ops waiting behind it: the batch to commit (see
// the function Gather). The slice is reused by the next call.
func (q *WriteQueue) Gather(first *WriteOp) []*WriteOp {
	if q.batch == nil {
		q.batch = make([]*WriteOp, 0, q.max)
	}
	q.batch = Gather(q.ops, append(q.batch[:0], first), q.max, &q.callers)
	return q.batch
}

// Close refuses new ops and lets Run commit what is queued. It waits for
// the callers that are still queueing. Safe to call more than once.
func (q *WriteQueue) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.closed = true
		close(q.ops)
	}
}
