package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/events/storetest"
)

// TestStore runs the event-store conformance suite: the ten guarantees of
// the design, with group commit (the default) and without it.
func TestStore(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  sqlite.Config
	}{
		{"group_commit", sqlite.Config{}},
		{"per_tx_one_reader", sqlite.Config{MaxBatch: 1, Readers: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, dir string) (events.Store, error) {
				cfg := c.cfg
				cfg.Path = filepath.Join(dir, "events.db")
				return sqlite.Open(cfg)
			}, storetest.Features{Tamper: tamper})
		})
	}
}

// tamper edits a closed store's file behind its back, the way someone with
// access to the file could: drop the triggers, then change the rows.
func tamper(t *testing.T, dir string, op storetest.TamperOp, pos uint64) {
	t.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(dir, "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	stmts := []string{"DROP TRIGGER events_no_update", "DROP TRIGGER events_no_delete"}
	switch op {
	case storetest.TamperUpdate:
		stmts = append(stmts, `UPDATE events SET payload = '{"tampered":true}' WHERE position = ?1`)
	case storetest.TamperDelete:
		stmts = append(stmts, `DELETE FROM events WHERE position = ?1`)
	case storetest.TamperInsert: // shift the later rows up by one, forge a row in the gap
		stmts = append(stmts,
			`UPDATE events SET position = -position WHERE position > ?1`,
			`UPDATE events SET position = 1 - position WHERE position < 0`,
			`INSERT INTO events (position, stream_id, topic, version, event_id, type, schema_version, payload, actor,
				request_id, correlation_id, causation_id, recorded_at, prev_hash, hash)
			 SELECT ?1 + 1, 'forged-1', 'forged', 1, 'forged-event', type, schema_version, '{"forged":true}', actor,
				'', '', '', recorded_at, hash, hash FROM events WHERE position = ?1`)
	case storetest.TamperReorder:
		stmts = append(stmts,
			`UPDATE events SET position = -1 WHERE position = ?1`,
			`UPDATE events SET position = ?1 WHERE position = ?1 + 1`,
			`UPDATE events SET position = ?1 + 1 WHERE position = -1`)
	}
	for _, s := range stmts {
		if _, err := db.Exec(s, pos); err != nil {
			t.Fatalf("tamper %v: %s: %v", op, s, err)
		}
	}
}
