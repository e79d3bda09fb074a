package sqlite

import (
	"database/sql"
	"log/slog"
)

// What a database of data derived from the store (the views in
// sqliteviews) shares with the store: the same connection settings, WAL
// handling and error mapping, so both files behave alike.

// StmtCache is the DSN parameter that keeps each connection's prepared
// statements.
const StmtCache = stmtCache

// LeaveWALToCheckpointer is run on a connection whose commits a
// Checkpointer serves.
const LeaveWALToCheckpointer = leaveWALToCheckpointer

// MapOpenErr maps a driver error met while opening path to
// events.ErrNotAStore or events.ErrLocked where it is one of those.
func MapOpenErr(path string, err error) error { return mapOpenErr(path, err) }

// Checkpointer copies a database's WAL into its file off the writer's
// connection, as the store does for its own.
type Checkpointer struct{ c *checkpointer }

// StartCheckpointer starts checkpointing db's WAL.
func StartCheckpointer(db *sql.DB) *Checkpointer {
	return &Checkpointer{c: startCheckpointer(db)}
}

// Committed tells the checkpointer there is WAL to copy. It never blocks.
func (c *Checkpointer) Committed() { c.c.committed() }

// Close stops the checkpointer and folds the whole WAL into the file.
func (c *Checkpointer) Close() { c.c.close() }

// Logger is where the store, and what runs on it, reports diagnostics.
func (s *Store) Logger() *slog.Logger { return s.cfg.Logger }

// ApplicationID is the SQLite application id of an event store's file.
const ApplicationID = applicationID

// ErrNotSQLite: a file does not start with an SQLite header.
var ErrNotSQLite = errNotSQLite

// FileApplicationID reads the application id from an SQLite file's header
// without opening it as a database, so nothing is written to a file that
// turns out not to be ours.
func FileApplicationID(path string) (uint32, error) { return fileApplicationID(path) }
