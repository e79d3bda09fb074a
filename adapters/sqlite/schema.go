package sqlite

// applicationID marks a file as a ClaimLedger event store ("CLLG"), so a
// different SQLite database is refused instead of being written to.
const applicationID = 0x434c4c47

// dbPageSize is the page size of a new store: SQLite's default, set
// explicitly because WAL fixes it at creation. Measured against 1 KiB pages,
// 4 KiB gives slightly slower appends but a larger group-commit gain and
// keeps typical payloads inline.
const dbPageSize = 4096

// schemaVersion is the layout below; PRAGMA user_version holds it.
// Version 2 added events_no_replace and the ledger and verified tables;
// opening a version 1 file adds them (the schema is idempotent), so every file this
// build opens refuses REPLACE. A version 1 build refuses a version 2 file rather than write to a
// log whose protections it does not know.
const schemaVersion = 2

// schema is idempotent. The triggers make the log append-only: corrections
// are new events. REPLACE (and INSERT OR REPLACE) resolves a conflict by
// deleting the old row, which fires no delete trigger unless
// recursive_triggers is on in the connection doing it; events_no_replace
// refuses any insert that would conflict with a stored row on any unique
// key, before the conflict resolution can delete it, whatever that
// connection's settings. head records the last position and hash apart from the
// rows, so that a deleted tail is detected too.
const schema = `
CREATE TABLE IF NOT EXISTS events (
	position       INTEGER PRIMARY KEY,
	stream_id      TEXT    NOT NULL,
	topic          TEXT    NOT NULL,
	version        INTEGER NOT NULL,
	event_id       TEXT    NOT NULL UNIQUE,
	type           TEXT    NOT NULL,
	schema_version INTEGER NOT NULL,
	payload        BLOB    NOT NULL,
	actor          TEXT    NOT NULL,
	request_id     TEXT    NOT NULL,
	correlation_id TEXT    NOT NULL,
	causation_id   TEXT    NOT NULL,
	recorded_at    INTEGER NOT NULL,
	prev_hash      BLOB    NOT NULL,
	hash           BLOB    NOT NULL,
	UNIQUE (stream_id, version)
);
CREATE INDEX IF NOT EXISTS events_topic ON events (topic, position);

CREATE TABLE IF NOT EXISTS requests (
	request_id    TEXT PRIMARY KEY,
	stream_id     TEXT    NOT NULL,
	from_position INTEGER NOT NULL,
	to_position   INTEGER NOT NULL,
	fingerprint   BLOB    NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS head (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	position INTEGER NOT NULL,
	hash     BLOB    NOT NULL
);

-- ledger holds the ledger's identity, a random id made with it: views
-- record it, so views of another ledger are never served (sqliteviews/bind.go).
CREATE TABLE IF NOT EXISTS ledger (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	ledger_id TEXT    NOT NULL
);

-- verified is how far Open last verified the chain, and the file's
-- schema_version then, so the next Open verifies only what came after
-- unless the schema changed (integrity.go).
CREATE TABLE IF NOT EXISTS verified (
	id             INTEGER PRIMARY KEY CHECK (id = 1),
	position       INTEGER NOT NULL,
	hash           BLOB    NOT NULL,
	schema_version INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS subscriber_offsets (
	consumer_group TEXT    NOT NULL,
	topic          TEXT    NOT NULL,
	position       INTEGER NOT NULL,
	PRIMARY KEY (consumer_group, topic)
) WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: record a correction as a new event'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: record a correction as a new event'); END;
CREATE TRIGGER IF NOT EXISTS events_no_replace BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE position = NEW.position OR event_id = NEW.event_id
	OR (stream_id = NEW.stream_id AND version = NEW.version))
BEGIN SELECT RAISE(ABORT, 'events are append-only: an event cannot replace a stored one'); END;
`
