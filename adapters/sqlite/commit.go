package sqlite

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/events"
)

// errPartial marks a write that failed after it had written rows (an I/O
// error, say): runOp reports undo for it.
var errPartial = errors.New("op failed after writing")

// commit runs a batch of ops in one transaction. An op that fails before it
// writes (a concurrency conflict, an idempotency conflict, a bad import)
// fails alone. An op that fails after writing (a disk error; an append of
// several that fails after the first ones were written) has undo set: the
// transaction is rolled back, because SQLite has no cheaper undo that keeps
// the other ops' rows; that op fails, and the others are retried without
// it. If the commit itself fails, every op in the batch fails and the
// in-memory head is restored.
func (w *writer) commit(batch []*events.WriteOp) {
	if len(batch) == 0 {
		return
	}
	if w.broken != nil {
		events.AnswerAll(batch, w.broken)
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
	results := make([]events.WriteResult, len(batch))
	for i, o := range batch {
		var undo bool
		results[i], undo = w.runOp(ctx, o, now)
		if storageFailure(results[i].Err) { // a full disk fails the insert, not the commit
			results[i].Err = fmt.Errorf("%w: %w", events.ErrStorage, results[i].Err)
			w.down(results[i].Err, opBytes(o))
		}
		if undo {
			abort()
			o.Answer(events.WriteResult{Err: results[i].Err})
			rest := append(append(make([]*events.WriteOp, 0, len(batch)-1), batch[:i]...), batch[i+1:]...)
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
	events.Finish(w.s.cfg.Observer, batch, results, events.CommitStats{Events: int(w.pos - startPos), Head: w.pos,
		Took: end.Sub(began), Sync: end.Sub(syncStart)})
	if w.pos != startPos {
		w.s.notify.Advance()
		w.s.ckpt.committed()
	}
}

// failAll fails a batch whose transaction could not be begun or committed:
// the store itself cannot write (a full disk, an I/O error, the file locked
// by another process).
func (w *writer) failAll(batch []*events.WriteOp, err error) {
	err = fmt.Errorf("%w: %w", events.ErrStorage, err)
	w.down(err, opBytes(batch...))
	events.AnswerAll(batch, err)
}

// runOp applies one op. Unless undo is set, a failed op wrote nothing and
// the in-memory head is as it was; with undo set, the op wrote rows before
// it failed, so the batch's transaction must be rolled back (see commit).
func (w *writer) runOp(ctx context.Context, o *events.WriteOp, now time.Time) (_ events.WriteResult, undo bool) {
	if o.Imports != nil {
		err := w.importEnvelopes(ctx, o.Imports)
		return events.WriteResult{Err: err}, errors.Is(err, errPartial)
	}
	start := w.pos
	r := events.WriteResult{Results: make([]events.AppendResult, 0, len(o.Appends))}
	for i, req := range o.Appends {
		res, err := w.append(ctx, req, o.Fingerprints[i], now)
		if err != nil {
			return events.WriteResult{Err: err}, errors.Is(err, errPartial) || w.pos != start
		}
		r.Results = append(r.Results, res)
	}
	return r, false
}
