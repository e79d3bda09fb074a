package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5"
)

// batchTimeout bounds one batch transaction, the wait for the head lock
// included, so a stuck database fails the callers instead of hanging them.
const batchTimeout = 30 * time.Second

// commit runs a batch of ops in one transaction. The transaction first
// locks the head row: appenders in every process queue there, so the
// positions each batch assigns follow the last committed batch and become
// visible in commit order, and the chain continues from the committed
// head. Each op runs in a savepoint, so an op that fails (a concurrency or
// idempotency conflict, a bad import, a database error) fails alone and
// leaves the others' rows. If the commit fails every op in the batch fails.
func (w *writer) commit(batch []*op) {
	if len(batch) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	tx, err := w.s.pool.Begin(ctx)
	if err != nil {
		w.failAll(batch, fmt.Errorf("begin: %w", err))
		return
	}
	defer tx.Rollback(ctx)
	var headHash []byte
	if err := tx.QueryRow(ctx, "SELECT position, hash FROM "+w.s.table("head")+" WHERE id = 1 FOR UPDATE").
		Scan(&w.pos, &headHash); err != nil {
		w.failAll(batch, fmt.Errorf("lock head: %w", err))
		return
	}
	w.chain = events.NewChain(headHash)
	startPos := w.pos
	now := time.Now().UTC()
	results := make([]opResult, len(batch))
	for i, o := range batch {
		results[i] = w.runOp(ctx, tx, o, now)
	}
	if w.pos != startPos {
		if _, err := tx.Exec(ctx, "UPDATE "+w.s.table("head")+" SET position = $1, hash = $2 WHERE id = 1", w.pos, w.chain.Last()); err != nil {
			w.failAll(batch, fmt.Errorf("record head: %w", err))
			return
		}
		// Delivered at commit to every process listening (notify.go).
		if _, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", channel(w.s.cfg.Schema), fmt.Sprint(w.pos)); err != nil {
			w.failAll(batch, fmt.Errorf("notify: %w", err))
			return
		}
	}
	if err := tx.Commit(ctx); err != nil {
		w.failAll(batch, fmt.Errorf("commit: %w", err))
		return
	}
	for i, o := range batch {
		o.done <- results[i]
	}
	if w.pos != startPos {
		w.s.notify.Advance()
	}
}

func (w *writer) failAll(batch []*op, err error) {
	w.s.cfg.Logger.Error("event store write failed", "schema", w.s.cfg.Schema, "err", err)
	for _, o := range batch {
		o.done <- opResult{err: err}
	}
}

// runOp applies one op in a savepoint. A failed op is rolled back to it
// and the head is as it was before the op.
func (w *writer) runOp(ctx context.Context, tx pgx.Tx, o *op, now time.Time) opResult {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return opResult{err: fmt.Errorf("savepoint: %w", err)}
	}
	startPos, startLast := w.pos, w.chain.Last()
	r := w.apply(ctx, sp, o, now)
	if r.err == nil {
		if err := sp.Commit(ctx); err != nil {
			r = opResult{err: fmt.Errorf("release savepoint: %w", err)}
		}
	}
	if r.err != nil {
		sp.Rollback(ctx)
		w.pos, w.chain = startPos, events.NewChain(startLast)
	}
	return r
}

func (w *writer) apply(ctx context.Context, tx pgx.Tx, o *op, now time.Time) opResult {
	if o.imports != nil {
		return opResult{err: w.importEnvelopes(ctx, tx, o.imports)}
	}
	r := opResult{results: make([]events.AppendResult, 0, len(o.appends))}
	for i, req := range o.appends {
		res, err := w.append(ctx, tx, req, o.fingerprints[i], now)
		if err != nil {
			return opResult{err: err}
		}
		r.results = append(r.results, res)
	}
	return r
}
