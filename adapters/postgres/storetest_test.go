package postgres_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/events/storetest"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// TestStore runs the event-store conformance suite on a real PostgreSQL,
// with group commit (the default) and without it. The suite keeps a store
// "in a directory"; here the directory holds a file naming the store's
// schema, so the copy the tamper tests make names the same schema until
// tamper gives the copy a schema of its own.
func TestStore(t *testing.T) {
	dsn := pgtest.DSN(t)
	for _, c := range []struct {
		name string
		cfg  postgres.Config
	}{
		{"group_commit", postgres.Config{}},
		{"per_tx", postgres.Config{MaxBatch: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, dir string) (events.Store, error) {
				cfg := c.cfg
				cfg.DSN, cfg.Schema = dsn, schemaIn(t, dsn, dir)
				return postgres.Open(cfg)
			}, storetest.Features{Tamper: func(t *testing.T, dir string, op storetest.TamperOp, pos uint64) {
				tamper(t, dsn, dir, op, pos)
			}})
		})
	}
}

const schemaFile = "postgres-schema"

// schemaIn is the schema dir names, a new one (dropped when the test ends)
// when it names none.
func schemaIn(t *testing.T, dsn, dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, schemaFile))
	if err == nil {
		return string(b)
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	name := pgtest.NewSchema(t, dsn)
	if err := os.WriteFile(filepath.Join(dir, schemaFile), []byte(name), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

// tamper copies the schema dir names into a new one, changes the copy
// behind any store's back (the copy has no triggers yet: a store adds
// them when it opens it), and makes dir name the copy.
func tamper(t *testing.T, dsn, dir string, op storetest.TamperOp, pos uint64) {
	orig := schemaIn(t, dsn, dir)
	cp := pgtest.NewSchema(t, dsn)
	stmts := []string{"CREATE SCHEMA " + cp}
	for _, table := range []string{"events", "head", "requests", "subscriber_offsets"} {
		stmts = append(stmts,
			"CREATE TABLE "+cp+"."+table+" (LIKE "+orig+"."+table+" INCLUDING ALL)",
			"INSERT INTO "+cp+"."+table+" SELECT * FROM "+orig+"."+table)
	}
	ev := cp + ".events"
	switch op {
	case storetest.TamperUpdate:
		stmts = append(stmts, `UPDATE `+ev+` SET payload = '{"tampered":true}' WHERE position = $1`)
	case storetest.TamperDelete:
		stmts = append(stmts, `DELETE FROM `+ev+` WHERE position = $1`)
	case storetest.TamperInsert: // shift the later rows up by one, forge a row in the gap
		stmts = append(stmts,
			`ALTER TABLE `+ev+` DROP CONSTRAINT events_position_check`,
			`UPDATE `+ev+` SET position = -position WHERE position > $1`,
			`UPDATE `+ev+` SET position = 1 - position WHERE position < 0`,
			`INSERT INTO `+ev+` (position, stream_id, topic, version, event_id, type, schema_version, payload, actor,
				request_id, correlation_id, causation_id, recorded_at, prev_hash, hash)
			 SELECT $1 + 1, 'forged-1', 'forged', 1, 'forged-event', type, schema_version, '{"forged":true}', actor,
				'', '', '', recorded_at, hash, hash FROM `+ev+` WHERE position = $1`)
	case storetest.TamperReorder:
		stmts = append(stmts,
			`ALTER TABLE `+ev+` DROP CONSTRAINT events_position_check`,
			`UPDATE `+ev+` SET position = -1 WHERE position = $1`,
			`UPDATE `+ev+` SET position = $1 WHERE position = $1 + 1`,
			`UPDATE `+ev+` SET position = $1 + 1 WHERE position = -1`)
	}
	for i, s := range stmts {
		if strings.Contains(s, "$1") {
			stmts[i] = strings.ReplaceAll(s, "$1", "CAST("+itoa(pos)+" AS bigint)")
		}
	}
	pgtest.Exec(t, dsn, stmts...)
	if err := os.WriteFile(filepath.Join(dir, schemaFile), []byte(cp), 0o600); err != nil {
		t.Fatal(err)
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
