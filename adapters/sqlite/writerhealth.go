package sqlite

import (
	"context"
	"errors"
	"fmt"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// WriterHealth reports whether the store's writer is failing (the storage
// error of its last failed transaction, or nil once a transaction that
// wrote commits again), and a channel closed when that next turns. Appends
// fail meanwhile; a health service says NOT_SERVING rather than let callers
// find out one write at a time. A request's own mistake (a concurrency
// conflict, an idempotency conflict, a bad import) is not the writer
// failing and changes nothing here.
func (s *Store) WriterHealth() (error, <-chan struct{}) { return s.writing.Health() }

// storageFailure tells whether err says the file cannot be written (full,
// I/O error, locked by another process, read-only, damaged) rather than
// that one request was refused.
func storageFailure(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code {
	case sqlite3.ErrFull, sqlite3.ErrIoErr, sqlite3.ErrBusy, sqlite3.ErrLocked, sqlite3.ErrReadonly,
		sqlite3.ErrNomem, sqlite3.ErrCorrupt, sqlite3.ErrNotADB, sqlite3.ErrCantOpen:
		return true
	}
	return false
}

// maxPageCount is SQLite's largest max_page_count: no bound.
const maxPageCount = 0xfffffffe

// LimitSize bounds the ledger file to about bytes from now on (SQLite's
// max_page_count on the writer's connection, in whole pages and never below
// the pages the file has): an append that needs more room fails with
// SQLITE_FULL, exactly as on a full disk. 0 lifts the bound. It lets a
// full ledger be produced, and space be given back, without filling a
// disk. It returns the bound in force, in bytes.
func (s *Store) LimitSize(ctx context.Context, bytes int64) (int64, error) {
	if err := s.ensureOpen(); err != nil {
		return 0, err
	}
	// The writer's connection, used by the writer goroutine too: database/sql
	// runs one call on a connection at a time, and max_page_count may change
	// inside the writer's open transaction.
	var pageSize, got int64
	if err := s.w.conn.QueryRowContext(ctx, "PRAGMA page_size").Scan(&pageSize); err != nil {
		return 0, fmt.Errorf("limit ledger size: %w", err)
	}
	pages := int64(maxPageCount)
	if bytes > 0 {
		pages = max(1, bytes/pageSize) // 0 would only read the bound
	}
	if err := s.w.conn.QueryRowContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)).Scan(&got); err != nil {
		return 0, fmt.Errorf("limit ledger size: %w", err)
	}
	return got * pageSize, nil
}
