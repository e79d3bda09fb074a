package postgres_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// While the database refuses writes (here a trigger on the head row
// answers as a full disk does), appends fail with events.ErrStorage,
// nothing is recorded, and WriterHealth reports the failure; once the
// database takes writes again, the writer's probe turns health back
// without waiting for an append. A request's own mistake is no failure.
func TestWriterHealth_refusedWritesAndBack(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.NewSchema(t, dsn)
	s := openIn(t, dsn, schema, postgres.Config{})
	before := recordSome(t, s)
	vote := events.AppendRequest{StreamID: "claim-2", Expected: events.NoStream,
		Events: []events.Proposed{{Type: "claim.extracted", Payload: json.RawMessage(`{}`)}}}

	if err := appendErr(s, events.AppendRequest{StreamID: "claim-1", Expected: events.Exact(7), Events: vote.Events}); !errors.Is(err, events.ErrConcurrency) {
		t.Fatalf("append at a wrong version: %v", err)
	}
	if err, _ := s.WriterHealth(); err != nil {
		t.Fatalf("WriterHealth after a refused request = %v, want nil", err)
	}

	tamperSchema(t, dsn, schema,
		`CREATE FUNCTION S.disk_full() RETURNS trigger LANGUAGE plpgsql AS $f$
		BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $f$`,
		"CREATE TRIGGER head_disk_full BEFORE UPDATE ON S.head FOR EACH ROW EXECUTE FUNCTION S.disk_full()")
	if err := appendErr(s, vote); !errors.Is(err, events.ErrStorage) {
		t.Fatalf("append while the database refuses writes: %v, want ErrStorage", err)
	}
	failing, changed := s.WriterHealth()
	if !errors.Is(failing, events.ErrStorage) {
		t.Fatalf("WriterHealth while writes fail = %v, want an ErrStorage", failing)
	}
	if after := readAll(t, s); len(after) != len(before) {
		t.Fatalf("the failed append left %d events, want %d", len(after), len(before))
	}

	tamperSchema(t, dsn, schema, "DROP TRIGGER head_disk_full ON S.head")
	select {
	case <-changed:
	case <-time.After(10 * time.Second):
		t.Fatal("WriterHealth did not turn within 10 s of the database taking writes again")
	}
	if err, _ := s.WriterHealth(); err != nil {
		t.Fatalf("WriterHealth after the probe = %v, want nil", err)
	}
	if err := appendErr(s, vote); err != nil {
		t.Fatalf("append once writes work again: %v", err)
	}
}
