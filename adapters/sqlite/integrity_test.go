package sqlite_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
)

// Open verifies the chain from where the previous Open stopped, so a restart
// reads only what was appended since.
func TestOpenCheck_verifiesOnlyWhatCameSinceTheLastOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	s := integrityReopen(t, nil, path)
	if rep := s.OpenCheck(); !rep.OK() || rep.Checked != 0 {
		t.Errorf("OpenCheck of a new store = %+v, want OK with nothing checked", rep)
	}
	badRecordSome(t, s) // positions 1..3
	s = integrityReopen(t, s, path)
	if rep := s.OpenCheck(); !rep.OK() || rep.From != 1 || rep.To != 3 || rep.Checked != 3 {
		t.Errorf("OpenCheck after 3 appends = %+v, want OK from 1 to 3", rep)
	}
	integrityAppend(t, s, "claim-9")
	s = integrityReopen(t, s, path)
	if rep := s.OpenCheck(); !rep.OK() || rep.From != 4 || rep.To != 4 || rep.Checked != 1 {
		t.Errorf("OpenCheck after one more append = %+v, want OK from 4 to 4", rep)
	}
	s = integrityReopen(t, s, path)
	if rep := s.OpenCheck(); !rep.OK() || rep.Checked != 0 {
		t.Errorf("OpenCheck with nothing new = %+v, want OK with nothing checked", rep)
	}
}

// A chain broken behind the store's back makes it read-only: every append
// is refused with the fault, reads still work, nothing is written.
func TestOpenCheck_brokenChainRefusesAppends(t *testing.T) {
	for _, tt := range []struct {
		name  string
		stmts []string
		want  uint64
	}{
		{"changedPayload", []string{`UPDATE events SET payload = '{"text":"rewritten"}' WHERE position = 2`}, 2},
		{"swappedPayloads", []string{
			`UPDATE events SET payload = (SELECT payload FROM events WHERE position = 3) WHERE position = 1`,
			`UPDATE events SET payload = '{"text":"water boils at 100C"}' WHERE position = 3`}, 1},
		{"deletedTail", []string{`DELETE FROM events WHERE position = 3`}, 3},
		{"deletedTailAndHead", []string{`DELETE FROM events WHERE position = 3`,
			`UPDATE head SET position = 2, hash = (SELECT hash FROM events WHERE position = 2)`}, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "events.db")
			s := integrityReopen(t, nil, path)
			badRecordSome(t, s)
			s = integrityReopen(t, s, path) // records 3 as verified
			s.Close()
			integrityTamper(t, path, tt.stmts...)
			s = integrityReopen(t, nil, path)
			f := s.OpenCheck().Fault
			if f == nil || f.Position != tt.want {
				t.Fatalf("OpenCheck = %+v, want a fault at position %d", s.OpenCheck(), tt.want)
			}
			before := badSnapshot(t, s)
			_, err := s.Append(context.Background(), events.AppendRequest{StreamID: "claim-7", Expected: events.NoStream,
				Events: []events.Proposed{{Type: "claim.extracted", Payload: json.RawMessage(`{}`)}}})
			var got *events.Fault
			if !errors.Is(err, events.ErrTampered) || !errors.As(err, &got) || got.Position != tt.want {
				t.Errorf("Append on a broken chain = %v, want the fault at position %d", err, tt.want)
			}
			if after := badSnapshot(t, s); len(after) != len(before) {
				t.Errorf("the refused append changed the log: %d events, then %d", len(before), len(after))
			}
			// Still broken on the next open: the fault is not recorded as verified.
			if s = integrityReopen(t, s, path); s.OpenCheck().OK() {
				t.Errorf("OpenCheck on reopening = %+v, want the fault again", s.OpenCheck())
			}
		})
	}
}

// A rewrite of the verified part that reseals the chain (every hash
// recomputed, head updated) verifies on a full walk; the recorded hash of
// the verified position still finds it.
func TestOpenCheck_findsAResealedRewriteOfTheVerifiedPart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	s := integrityReopen(t, nil, path)
	badRecordSome(t, s)
	s = integrityReopen(t, s, path)
	all := badSnapshot(t, s)
	s.Close()
	e := all[2]
	e.Payload = json.RawMessage(`{"url":"https://example.org/forged"}`)
	e.Hash = events.ComputeHash(&e)
	// A forger who knows about the schema version puts the triggers back
	// and the version where it was.
	integrityForge(t, path,
		integrityStmt{"UPDATE events SET payload = ?, hash = ? WHERE position = 3", []any{[]byte(e.Payload), e.Hash}},
		integrityStmt{"UPDATE head SET hash = ?", []any{e.Hash}})
	s = integrityReopen(t, nil, path)
	if rep, err := s.Verify(context.Background(), 0, 0); err != nil || !rep.OK() {
		t.Fatalf("the resealed chain should verify on a walk (that is the point): %+v, %v", rep, err)
	}
	f := s.OpenCheck().Fault
	if f == nil || f.Position != 3 || !strings.Contains(f.Reason, "earlier start") {
		t.Errorf("OpenCheck = %+v, want a fault at position 3 naming the earlier verification", s.OpenCheck())
	}
}

// integrityReopen closes s (when not nil) and opens the store at path.
func integrityReopen(t *testing.T, s *sqlite.Store, path string) *sqlite.Store {
	t.Helper()
	if s != nil {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return badOpenPath(t, path)
}

func integrityAppend(t *testing.T, s *sqlite.Store, stream string) {
	t.Helper()
	_, err := s.Append(context.Background(), events.AppendRequest{StreamID: stream, Expected: events.NoStream,
		Events: []events.Proposed{{Type: "claim.extracted", Payload: json.RawMessage(`{"text":"more"}`)}}})
	if err != nil {
		t.Fatal(err)
	}
}

// integrityTamper runs stmts on the closed store's file with its triggers
// dropped, as someone with access to the file could.
func integrityTamper(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db := integrityDB(t, path)
	for _, q := range append([]string{"DROP TRIGGER events_no_update", "DROP TRIGGER events_no_delete"}, stmts...) {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("tamper: %s: %v", q, err)
		}
	}
}

type integrityStmt struct {
	q    string
	args []any
}

// integrityForge runs stmts with the triggers dropped, then puts the
// triggers back and resets the schema version, so that the schema looks
// untouched.
func integrityForge(t *testing.T, path string, stmts ...integrityStmt) {
	t.Helper()
	db := integrityDB(t, path)
	var version int
	var triggers string
	if err := db.QueryRow("PRAGMA schema_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	err := db.QueryRow("SELECT group_concat(sql, ';') FROM sqlite_schema WHERE name IN ('events_no_update', 'events_no_delete')").Scan(&triggers)
	if err != nil {
		t.Fatal(err)
	}
	stmts = append([]integrityStmt{{"DROP TRIGGER events_no_update", nil}, {"DROP TRIGGER events_no_delete", nil}}, stmts...)
	stmts = append(stmts, integrityStmt{triggers, nil}, integrityStmt{fmt.Sprintf("PRAGMA schema_version = %d", version), nil})
	for _, st := range stmts {
		if _, err := db.Exec(st.q, st.args...); err != nil {
			t.Fatalf("forge: %s: %v", st.q, err)
		}
	}
}

func integrityDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	return db
}
