package pgviews

import (
	"context"
	"fmt"
	"strings"

	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5"
)

// schemaSQL creates the views' tables in schema {S} (replaced by the
// schema's name). The tables are SQLite's (sqliteviews), so both read back
// alike: views kept whole as JSON bytes, and the columns the filters and
// orders use. Ids sort bytewise (COLLATE "C") as in SQLite, whatever the
// database's locale: claims are listed by (article_id, length(id), id),
// so that "-100" follows "-99".
//
// views_source is the checkpoint: the position and hash of the last event
// applied, and the access version; every projection transaction updates it
// with the rows it writes.
const schemaSQL = `
CREATE SCHEMA IF NOT EXISTS {S};
CREATE TABLE IF NOT EXISTS {S}.claim_views (
	id         text COLLATE "C" PRIMARY KEY,
	article_id text COLLATE "C" NOT NULL,
	kind       text NOT NULL,
	status     text NOT NULL,
	flagged    boolean NOT NULL,
	data       bytea NOT NULL
);
CREATE INDEX IF NOT EXISTS claim_views_order ON {S}.claim_views (article_id, length(id), id);
CREATE INDEX IF NOT EXISTS claim_views_status_order ON {S}.claim_views (status, article_id, length(id), id);
CREATE TABLE IF NOT EXISTS {S}.claim_voters (
	reviewer text COLLATE "C" NOT NULL,
	claim_id text COLLATE "C" NOT NULL,
	PRIMARY KEY (reviewer, claim_id)
);
CREATE INDEX IF NOT EXISTS claim_voters_claim ON {S}.claim_voters (claim_id);
CREATE TABLE IF NOT EXISTS {S}.claim_match_keys (
	key      text COLLATE "C" NOT NULL,
	claim_id text COLLATE "C" NOT NULL,
	PRIMARY KEY (key, claim_id)
);
CREATE INDEX IF NOT EXISTS claim_match_keys_claim ON {S}.claim_match_keys (claim_id);
CREATE TABLE IF NOT EXISTS {S}.claim_links (
	claim_id text COLLATE "C" NOT NULL,
	other_id text COLLATE "C" NOT NULL,
	PRIMARY KEY (claim_id, other_id)
);
CREATE TABLE IF NOT EXISTS {S}.claim_marks (
	mark     text COLLATE "C" NOT NULL,
	claim_id text COLLATE "C" NOT NULL,
	PRIMARY KEY (mark, claim_id)
);
CREATE INDEX IF NOT EXISTS claim_marks_claim ON {S}.claim_marks (claim_id);
CREATE TABLE IF NOT EXISTS {S}.article_views (id text COLLATE "C" PRIMARY KEY, data bytea NOT NULL);
CREATE TABLE IF NOT EXISTS {S}.reviewer_views (id text COLLATE "C" PRIMARY KEY, data bytea NOT NULL);
CREATE TABLE IF NOT EXISTS {S}.tokens (
	token_id    text COLLATE "C" PRIMARY KEY,
	reviewer_id text NOT NULL,
	hash        text NOT NULL,
	revoked     boolean NOT NULL
);
CREATE TABLE IF NOT EXISTS {S}.reviewer_activity (
	reviewer_id text COLLATE "C" PRIMARY KEY,
	votes       bigint NOT NULL,
	retractions bigint NOT NULL,
	last_active bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS {S}.views_source (
	id       integer PRIMARY KEY CHECK (id = 1),
	position bigint NOT NULL,
	hash     bytea NOT NULL,
	access   bigint NOT NULL
);
INSERT INTO {S}.views_source (id, position, hash, access) VALUES (1, 0, $1, 0) ON CONFLICT (id) DO NOTHING;
`

// viewTables are every table reset empties; views_source is rewound
// instead.
var viewTables = []string{"claim_views", "claim_voters", "claim_match_keys", "claim_links", "claim_marks",
	"article_views", "reviewer_views", "tokens", "reviewer_activity"}

// migrate creates the schema. Processes starting together serialize on a
// transaction-scoped advisory lock (the event store's), since concurrent
// CREATE … IF NOT EXISTS can still collide in PostgreSQL's catalogs.
func migrate(ctx context.Context, conn *pgx.Conn, schema string) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate views: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext('claimledger.migrate'))"); err != nil {
		return fmt.Errorf("migrate views: lock: %w", err)
	}
	for _, stmt := range strings.SplitAfter(strings.ReplaceAll(schemaSQL, "{S}", schema), ";\n") {
		if stmt = strings.TrimSpace(stmt); stmt == "" {
			continue
		}
		var args []any
		if strings.Contains(stmt, "$1") {
			args = []any{events.GenesisHash}
		}
		if _, err := tx.Exec(ctx, stmt, args...); err != nil {
			line, _, _ := strings.Cut(stmt, "\n")
			return fmt.Errorf("migrate views: %s: %w", line, err)
		}
	}
	return tx.Commit(ctx)
}
