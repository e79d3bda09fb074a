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
// head. The batch is planned in memory (plan.go) when it can be; else each
// op runs in a savepoint, so an op that fails (a concurrency or
// idempotency conflict, a bad import, a database error) fails alone and
// leaves the others' rows. If the commit fails every op in the batch fails.
func (w *writer) commit(batch []*events.WriteOp) {
	if len(batch) == 0 {
		return
	}
	if w.broken != nil {
		events.AnswerAll(batch, w.broken)
		return
	}
	if !w.commitBatch(batch, true) {
		w.commitBatch(batch, false)
	}
}

// commitBatch commits batch on the planned path or, with planned false,
// op by op. It answers every op and returns true, except on the planned
// path when the plan cannot decide the batch or writing it failed: then it
// rolls back, answers nothing and returns false.
func (w *writer) commitBatch(batch []*events.WriteOp, planned bool) bool {
	began := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	tx, err := w.s.pool.Begin(ctx)
	if err != nil {
		w.failAll(batch, fmt.Errorf("begin: %w", err))
		return true
	}
	defer tx.Rollback(ctx)
	var headHash []byte
	if err := tx.QueryRow(ctx, "SELECT position, hash FROM "+w.s.table("head")+" WHERE id = 1 FOR UPDATE").
		Scan(&w.pos, &headHash); err != nil {
		w.failAll(batch, fmt.Errorf("lock head: %w", err))
		return true
	}
	w.chain = events.NewChain(headHash)
	startPos := w.pos
	now := time.Now().UTC()
	var results []events.WriteResult
	b := &pgx.Batch{}
	if planned {
		p, ok, err := w.plan(ctx, tx, batch, now)
		if err != nil || !ok {
			return false
		}
		results = p.results
		if p.rows.len() > 0 {
			p.rows.queue(b, w.s.table("events"))
		}
		p.reqs.queue(b, w.s.table("requests"))
	} else {
		results = make([]events.WriteResult, len(batch))
		for i, o := range batch {
			results[i] = w.runOp(ctx, tx, o, now)
			if storageFailure(results[i].Err) { // a full disk fails the insert, not the commit
				results[i].Err = fmt.Errorf("%w: %w", events.ErrStorage, results[i].Err)
				w.down(results[i].Err)
			}
		}
	}
	if w.pos != startPos {
		b.Queue("UPDATE "+w.s.table("head")+" SET position = $1, hash = $2 WHERE id = 1", w.pos, w.chain.Last())
		// Delivered at commit to every process listening (notify.go).
		b.Queue("SELECT pg_notify($1, $2)", channel(w.s.cfg.Schema), fmt.Sprint(w.pos))
	}
	if b.Len() > 0 {
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			if planned {
				w.s.cfg.Logger.Warn("event store: writing a planned batch failed, retrying op by op", "schema", w.s.cfg.Schema, "err", err)
				return false
			}
			w.failAll(batch, fmt.Errorf("record head: %w", err))
			return true
		}
	}
	syncStart := time.Now()
	if err := tx.Commit(ctx); err != nil {
		w.failAll(batch, fmt.Errorf("commit: %w", err))
		return true
	}
	end := time.Now()
	if w.pos != startPos {
		w.up()
	}
	events.Finish(w.s.cfg.Observer, batch, results, events.CommitStats{Events: int(w.pos - startPos), Head: w.pos,
		Took: end.Sub(began), Sync: end.Sub(syncStart)})
	if w.pos != startPos {
		w.s.notify.Advance()
	}
	return true
}

// failAll fails a batch whose transaction could not be begun, written or
// committed: the database cannot take writes (no connection, a full disk,
// a read-only server).
func (w *writer) failAll(batch []*events.WriteOp, err error) {
	err = fmt.Errorf("%w: %w", events.ErrStorage, err)
	w.down(err)
	events.AnswerAll(batch, err)
}

// runOp applies one op in a savepoint. A failed op is rolled back to it
// and the head is as it was before the op.
func (w *writer) runOp(ctx context.Context, tx pgx.Tx, o *events.WriteOp, now time.Time) events.WriteResult {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return events.WriteResult{Err: fmt.Errorf("savepoint: %w", err)}
	}
	startPos, startLast := w.pos, w.chain.Last()
	r := w.apply(ctx, sp, o, now)
	if r.Err == nil {
		if err := sp.Commit(ctx); err != nil {
			r = events.WriteResult{Err: fmt.Errorf("release savepoint: %w", err)}
		}
	}
	if r.Err != nil {
		sp.Rollback(ctx)
		w.pos, w.chain = startPos, events.NewChain(startLast)
	}
	return r
}

func (w *writer) apply(ctx context.Context, tx pgx.Tx, o *events.WriteOp, now time.Time) events.WriteResult {
	if o.Imports != nil {
		return events.WriteResult{Err: w.importEnvelopes(ctx, tx, o.Imports)}
	}
	r := events.WriteResult{Results: make([]events.AppendResult, 0, len(o.Appends))}
	for i, req := range o.Appends {
		res, err := w.append(ctx, tx, req, o.Fingerprints[i], now)
		if err != nil {
			return events.WriteResult{Err: err}
		}
		r.Results = append(r.Results, res)
	}
	return r
}
