package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// schemaSQL creates the store's tables in schema S (replaced by the
// schema's name). The head row is the serialization point of every append
// (see commit.go); recorded_at is Unix nanoseconds, as the hash covers it.
// The triggers make the log and the request index append-only for every
// role but one that drops them. ledger holds the ledger's identity (see
// LedgerID), made with the schema; verified is how far an Open verified
// the chain (integrity.go).
const schemaSQL = `
CREATE SCHEMA IF NOT EXISTS S;
CREATE TABLE IF NOT EXISTS S.events (
	position       bigint PRIMARY KEY CHECK (position > 0),
	stream_id      text NOT NULL,
	topic          text NOT NULL,
	version        bigint NOT NULL CHECK (version > 0),
	event_id       text NOT NULL UNIQUE,
	type           text NOT NULL,
	schema_version integer NOT NULL,
	payload        bytea NOT NULL,
	actor          text NOT NULL,
	request_id     text NOT NULL,
	correlation_id text NOT NULL,
	causation_id   text NOT NULL,
	recorded_at    bigint NOT NULL,
	prev_hash      bytea NOT NULL,
	hash           bytea NOT NULL,
	UNIQUE (stream_id, version)
);
CREATE INDEX IF NOT EXISTS events_topic ON S.events (topic, position);
CREATE TABLE IF NOT EXISTS S.head (
	id       integer PRIMARY KEY CHECK (id = 1),
	position bigint NOT NULL,
	hash     bytea NOT NULL
);
INSERT INTO S.head (id, position, hash) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING;
CREATE TABLE IF NOT EXISTS S.requests (
	request_id    text PRIMARY KEY,
	stream_id     text NOT NULL,
	from_position bigint NOT NULL,
	to_position   bigint NOT NULL,
	fingerprint   bytea NOT NULL
);
CREATE TABLE IF NOT EXISTS S.ledger (
	id        integer PRIMARY KEY CHECK (id = 1),
	ledger_id text NOT NULL
);
INSERT INTO S.ledger (id, ledger_id) VALUES (1, $2) ON CONFLICT (id) DO NOTHING;
CREATE TABLE IF NOT EXISTS S.verified (
	id       integer PRIMARY KEY CHECK (id = 1),
	position bigint NOT NULL,
	hash     bytea NOT NULL,
	guards   text NOT NULL
);
CREATE TABLE IF NOT EXISTS S.subscriber_offsets (
	consumer_group text NOT NULL,
	topic          text NOT NULL,
	position       bigint NOT NULL,
	lease_owner    text NOT NULL DEFAULT '',
	lease_until    timestamptz NOT NULL DEFAULT '-infinity',
	PRIMARY KEY (consumer_group, topic)
);
CREATE OR REPLACE FUNCTION S.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
	RAISE EXCEPTION 'claimledger: % is append-only: % refused', TG_TABLE_NAME, TG_OP
		USING ERRCODE = 'insufficient_privilege';
END $f$;
CREATE OR REPLACE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON S.events
	FOR EACH ROW EXECUTE FUNCTION S.refuse_change();
CREATE OR REPLACE TRIGGER events_no_truncate BEFORE TRUNCATE ON S.events
	FOR EACH STATEMENT EXECUTE FUNCTION S.refuse_change();
CREATE OR REPLACE TRIGGER requests_append_only BEFORE UPDATE OR DELETE ON S.requests
	FOR EACH ROW EXECUTE FUNCTION S.refuse_change();
CREATE OR REPLACE TRIGGER requests_no_truncate BEFORE TRUNCATE ON S.requests
	FOR EACH STATEMENT EXECUTE FUNCTION S.refuse_change();
`

// migrate creates the schema. Processes starting together serialize on a
// transaction-scoped advisory lock, since concurrent CREATE … IF NOT EXISTS
// can still collide in PostgreSQL's catalogs.
func migrate(ctx context.Context, conn *pgx.Conn, schema string, genesis []byte, ledgerID string) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext('claimledger.migrate'))"); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	for _, stmt := range splitStatements(strings.ReplaceAll(schemaSQL, "S.", schema+".")) {
		stmt = strings.ReplaceAll(stmt, "SCHEMA IF NOT EXISTS S", "SCHEMA IF NOT EXISTS "+schema)
		var args []any
		switch {
		case strings.Contains(stmt, "$1"):
			args = []any{genesis}
		case strings.Contains(stmt, "$2"):
			stmt, args = strings.ReplaceAll(stmt, "$2", "$1"), []any{ledgerID}
		}
		if _, err := tx.Exec(ctx, stmt, args...); err != nil {
			return fmt.Errorf("migrate: %s: %w", firstLine(stmt), err)
		}
	}
	return tx.Commit(ctx)
}

// splitStatements splits schemaSQL at the semicolons that end a line
// outside a $f$ function body.
func splitStatements(sql string) []string {
	var out []string
	var cur strings.Builder
	inBody := false
	for _, line := range strings.Split(sql, "\n") {
		if strings.Count(line, "$f$")%2 == 1 {
			inBody = !inBody
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if !inBody && strings.HasSuffix(strings.TrimSpace(line), ";") {
			if s := strings.TrimSpace(cur.String()); s != "" {
				out = append(out, s)
			}
			cur.Reset()
		}
	}
	return out
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
