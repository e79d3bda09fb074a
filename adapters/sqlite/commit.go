package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/events"
)

// commit runs a batch of ops in one transaction. Each op runs inside its own
// savepoint, so an op that fails (a concurrency conflict, a bad import) is
// undone alone and the others still commit. If the commit itself fails,
// every op in the batch fails and the in-memory head is reloaded.
func (w *writer) commit(batch []*op) {
	ctx := context.Background()
	results := make([]opResult, len(batch))
	if w.broken != nil {
		for i := range batch {
			batch[i].done <- opResult{err: w.broken}
		}
		return
	}
	if _, err := w.stmts.begin.ExecContext(ctx); err != nil {
		w.failAll(batch, fmt.Errorf("begin: %w", err))
		return
	}
	startPos, startLast := w.pos, w.chain.Last()
	now := time.Now().UTC()
	for i, o := range batch {
		results[i] = w.runOp(ctx, o, now)
	}
	if w.pos != startPos {
		if _, err := w.stmts.setHead.ExecContext(ctx, w.pos, w.chain.Last()); err != nil {
			w.stmts.rollback.ExecContext(ctx)
			w.pos, w.chain = startPos, events.NewChain(startLast)
			w.failAll(batch, fmt.Errorf("record head: %w", err))
			return
		}
	}
	if _, err := w.stmts.commit.ExecContext(ctx); err != nil {
		w.stmts.rollback.ExecContext(ctx)
		w.pos, w.chain = startPos, events.NewChain(startLast)
		w.failAll(batch, fmt.Errorf("commit: %w", err))
		return
	}
	for i, o := range batch {
		o.done <- results[i]
	}
	if w.pos != startPos {
		w.s.notify.advance()
	}
}

func (w *writer) failAll(batch []*op, err error) {
	w.s.cfg.Logger.Error("event store write failed", "path", w.s.cfg.Path, "err", err)
	for _, o := range batch {
		o.done <- opResult{err: err}
	}
}

// runOp applies one op inside a savepoint.
func (w *writer) runOp(ctx context.Context, o *op, now time.Time) opResult {
	if _, err := w.stmts.savepoint.ExecContext(ctx); err != nil {
		return opResult{err: fmt.Errorf("savepoint: %w", err)}
	}
	pos, last := w.pos, w.chain.Last()
	var r opResult
	if o.append != nil {
		r.res, r.err = w.append(ctx, o, now)
	} else {
		r.err = w.importEnvelopes(ctx, o.imports)
	}
	if r.err != nil {
		w.stmts.rollbackTo.ExecContext(ctx)
		w.pos, w.chain = pos, events.NewChain(last)
	}
	if _, err := w.stmts.release.ExecContext(ctx); err != nil && r.err == nil {
		r = opResult{err: fmt.Errorf("release savepoint: %w", err)}
	}
	return r
}
