package sqlite

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/events"
)

// errPartial marks a write that failed after it had written rows (an I/O
// error, say): its op's result has undo set.
var errPartial = errors.New("op failed after writing")

// commit runs a batch of ops in one transaction. An op that fails before it
// writes (a concurrency conflict, an idempotency conflict, a bad import)
// fails alone. An op that fails after writing (a disk error; an append of
// several that fails after the first ones were written) has undo set: the
// transaction is rolled back, because SQLite has no cheaper undo that keeps
// the other ops' rows; that op fails, and the others are retried without
// it. If the commit itself fails, every op in the batch fails and the
// in-memory head is restored.
func (w *writer) commit(batch []*op) {
	if len(batch) == 0 {
		return
	}
	if w.broken != nil {
		for _, o := range batch {
			o.done <- opResult{err: w.broken}
		}
		return
	}
	ctx := context.Background()
	began := time.Now()
	if _, err := w.stmts.begin.ExecContext(ctx); err != nil {
		w.failAll(batch, fmt.Errorf("begin: %w", err))
		return
	}
	startPos, startLast := w.pos, w.chain.Last()
	abort := func() {
		w.stmts.rollback.ExecContext(ctx)
		w.pos, w.chain = startPos, events.NewChain(startLast)
		clear(w.versions)
	}
	now := time.Now().UTC()
	results := make([]opResult, len(batch))
	for i, o := range batch {
		results[i] = w.runOp(ctx, o, now)
		if storageFailure(results[i].err) { // a full disk fails the insert, not the commit
			results[i].err = fmt.Errorf("%w: %w", events.ErrStorage, results[i].err)
			w.down(results[i].err, opBytes(o))
		}
		if results[i].undo {
			abort()
			o.done <- opResult{err: results[i].err}
			rest := append(append(make([]*op, 0, len(batch)-1), batch[:i]...), batch[i+1:]...)
			w.commit(rest)
			return
		}
	}
	if w.pos != startPos {
		if _, err := w.stmts.setHead.ExecContext(ctx, w.pos, w.chain.Last()); err != nil {
			abort()
			w.failAll(batch, fmt.Errorf("record head: %w", err))
			return
		}
	}
	syncStart := time.Now()
	if _, err := w.stmts.commit.ExecContext(ctx); err != nil {
		abort()
		w.failAll(batch, fmt.Errorf("commit: %w", err))
		return
	}
	end := time.Now()
	if w.pos != startPos {
		// Only a commit that wrote shows the file takes writes again: one
		// of replays and refusals alone needs no room.
		w.up()
	}
	setBatch(results, countWrites(batch, results))
	// Observed before the callers are answered, so that a caller who reads
	// the metrics after its append sees the append counted.
	if obs := w.s.cfg.Observer; obs != nil && w.pos != startPos {
		obs.Committed(events.CommitStats{Appends: countWrites(batch, results), Events: int(w.pos - startPos),
			Head: w.pos, Took: end.Sub(began), Sync: end.Sub(syncStart)})
	}
	for i, o := range batch {
		o.done <- results[i]
	}
	if w.pos != startPos {
		w.s.notify.Advance()
		w.s.ckpt.committed()
	}
}

// setBatch tells each append written how many the transaction held.
func setBatch(results []opResult, n int) {
	for i := range results {
		for j := range results[i].results {
			if !results[i].results[j].Replayed {
				results[i].results[j].Batch = n
			}
		}
	}
}

// countWrites counts the appends and imports of a committed batch that
// wrote: failed ops and replayed retries are not part of the batch's work.
func countWrites(batch []*op, results []opResult) int {
	n := 0
	for i, o := range batch {
		if results[i].err != nil {
			continue
		}
		if o.imports != nil {
			n++
			continue
		}
		for _, r := range results[i].results {
			if !r.Replayed {
				n++
			}
		}
	}
	return n
}

// failAll fails a batch whose transaction could not be begun or committed:
// the store itself cannot write (a full disk, an I/O error, the file locked
// by another process).
func (w *writer) failAll(batch []*op, err error) {
	err = fmt.Errorf("%w: %w", events.ErrStorage, err)
	w.down(err, opBytes(batch...))
	for _, o := range batch {
		o.done <- opResult{err: err}
	}
}

// runOp applies one op. Unless undo is set in the result, a failed op wrote
// nothing and the in-memory head is as it was.
func (w *writer) runOp(ctx context.Context, o *op, now time.Time) opResult {
	if o.imports != nil {
		err := w.importEnvelopes(ctx, o.imports)
		return opResult{err: err, undo: errors.Is(err, errPartial)}
	}
	start := w.pos
	r := opResult{results: make([]events.AppendResult, 0, len(o.appends))}
	for i, req := range o.appends {
		res, err := w.append(ctx, req, o.fingerprints[i], now)
		if err != nil {
			return opResult{err: err, undo: errors.Is(err, errPartial) || w.pos != start}
		}
		r.results = append(r.results, res)
	}
	return r
}
