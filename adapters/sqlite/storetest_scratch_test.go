//go:build storetest_scratch

package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/events/storetest"
	_ "github.com/mattn/go-sqlite3"
)

func TestScratchStoretest(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dir string) (events.Store, error) {
		return sqlite.Open(sqlite.Config{Path: filepath.Join(dir, "events.db")})
	}, storetest.Features{Tamper: scratchTamper})
}

func scratchTamper(t *testing.T, dir string, op storetest.TamperOp, pos uint64) {
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
	case storetest.TamperInsert:
		stmts = append(stmts,
			`UPDATE events SET position = -position WHERE position > ?1`,
			`UPDATE events SET position = 1 - position WHERE position < 0`,
			`INSERT INTO events (position, stream_id, topic, version, event_id, type, schema_version, payload, actor, request_id, correlation_id, causation_id, recorded_at, prev_hash, hash)
			 SELECT ?1 + 1, 'forged-1', 'forged', 1, 'forged-event', type, schema_version, '{"forged":true}', actor, '', '', '', recorded_at, hash, hash FROM events WHERE position = ?1`)
	case storetest.TamperReorder:
		stmts = append(stmts,
			`UPDATE events SET position = -1 WHERE position = ?1`,
			`UPDATE events SET position = ?1 WHERE position = ?1 + 1`,
			`UPDATE events SET position = ?1 + 1 WHERE position = -1`)
	}
	for _, s := range stmts {
		if _, err := db.Exec(s, pos); err != nil {
			t.Fatalf("tamper %s: %s: %v", op, s, err)
		}
	}
}
