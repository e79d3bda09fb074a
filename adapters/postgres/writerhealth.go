package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5/pgconn"
)

// WriterHealth reports whether this process's writer is failing (the
// storage error of its last failed transaction, or nil once a transaction
// that wrote commits again), and a channel closed when that next turns.
// Appends fail meanwhile, with errors wrapping events.ErrStorage. A
// request's own mistake (a concurrency or idempotency conflict, a bad
// import) is not the writer failing and changes nothing here.
func (s *Store) WriterHealth() (error, <-chan struct{}) { return s.writing.Health() }

// storageFailure tells whether the error of one op says the database
// cannot take writes (out of disk or memory, read-only, shutting down)
// rather than that the request was refused. A connection that fails fails
// the batch's commit too, which failAll reports.
func storageFailure(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code[:2] {
	case "08", "53", "57", "58", "XX": // connection, resources, operator, system, internal
		return true
	}
	return pe.Code == "25006" // read_only_sql_transaction
}

// down records a write the database refused.
func (w *writer) down(err error) {
	w.s.cfg.Logger.Error("event store write failed", "schema", w.s.cfg.Schema, "err", err)
	w.s.writing.Down(err)
}

// up records a transaction that wrote and committed.
func (w *writer) up() {
	if w.s.writing.Up() {
		w.s.cfg.Logger.Info("event store writes again", "schema", w.s.cfg.Schema)
	}
}

// probe rewrites the head row as it is, in a transaction of its own: it
// takes the head lock, writes a row version and commits, as every append
// does.
func (w *writer) probe() {
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	tx, err := w.s.pool.Begin(ctx)
	if err != nil {
		w.s.writing.Down(fmt.Errorf("%w: probe: begin: %w", events.ErrStorage, err))
		return
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "UPDATE "+w.s.table("head")+" SET position = position WHERE id = 1"); err != nil {
		w.s.writing.Down(fmt.Errorf("%w: probe: %w", events.ErrStorage, err))
		return
	}
	if err := tx.Commit(ctx); err != nil {
		w.s.writing.Down(fmt.Errorf("%w: probe: commit: %w", events.ErrStorage, err))
		return
	}
	w.up()
}

// next waits for the writer's next op. While writes fail it returns nil
// every events.ProbeInterval, to probe. ok is false once the store is
// closing.
func (w *writer) next() (*events.WriteOp, bool) { return w.q.Next(w.s.writing.Wait()) }
