package postgres_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// Open verifies the chain from where an earlier Open stopped, so a
// restart reads only what was appended since.
func TestOpenCheck_verifiesOnlyWhatCameSinceTheLastOpen(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.NewSchema(t, dsn)
	s := openIn(t, dsn, schema, postgres.Config{})
	if rep := s.OpenCheck(); !rep.OK() || rep.Checked != 0 {
		t.Errorf("OpenCheck of a new store = %+v, want OK with nothing checked", rep)
	}
	recordSome(t, s) // positions 1..3
	s = reopen(t, s, dsn, schema)
	if rep := s.OpenCheck(); !rep.OK() || rep.From != 1 || rep.To != 3 || rep.Checked != 3 {
		t.Errorf("OpenCheck after 3 appends = %+v, want OK from 1 to 3", rep)
	}
	if _, err := s.Append(t.Context(), events.AppendRequest{StreamID: "claim-9", Expected: events.NoStream,
		Events: []events.Proposed{{Type: "claim.extracted", Payload: json.RawMessage(`{"text":"more"}`)}}}); err != nil {
		t.Fatal(err)
	}
	// Another process opening the schema verifies the new event; the next
	// one has nothing left to check.
	other := openIn(t, dsn, schema, postgres.Config{})
	if rep := other.OpenCheck(); !rep.OK() || rep.From != 4 || rep.To != 4 || rep.Checked != 1 {
		t.Errorf("OpenCheck after one more append = %+v, want OK from 4 to 4", rep)
	}
	if s = reopen(t, s, dsn, schema); !s.OpenCheck().OK() || s.OpenCheck().Checked != 0 {
		t.Errorf("OpenCheck with nothing new = %+v, want OK with nothing checked", s.OpenCheck())
	}
}

// A chain broken behind the store's back (the triggers dropped, rows
// changed) makes a Store opened on it read-only: every append is refused
// with the fault, reads still work, nothing is written.
func TestOpenCheck_brokenChainRefusesAppends(t *testing.T) {
	dsn := pgtest.DSN(t)
	for _, tt := range []struct {
		name  string
		stmts []string
		want  uint64
	}{
		{"changedPayload", []string{`UPDATE S.events SET payload = '{"text":"rewritten"}' WHERE position = 2`}, 2},
		{"swappedPayloads", []string{
			`UPDATE S.events SET payload = (SELECT payload FROM S.events WHERE position = 3) WHERE position = 1`,
			`UPDATE S.events SET payload = '{"text":"water boils at 100C"}' WHERE position = 3`}, 1},
		{"deletedTail", []string{`DELETE FROM S.events WHERE position = 3`}, 3},
		{"deletedTailAndHead", []string{`DELETE FROM S.events WHERE position = 3`,
			`UPDATE S.head SET position = 2, hash = (SELECT hash FROM S.events WHERE position = 2)`}, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			schema := pgtest.NewSchema(t, dsn)
			s := openIn(t, dsn, schema, postgres.Config{})
			recordSome(t, s)
			s = reopen(t, s, dsn, schema) // records 3 as verified
			s.Close()
			stmts := []string{"DROP TRIGGER events_append_only ON S.events"}
			tamperSchema(t, dsn, schema, append(stmts, tt.stmts...)...)
			s = openIn(t, dsn, schema, postgres.Config{})
			f := s.OpenCheck().Fault
			if f == nil || f.Position != tt.want {
				t.Fatalf("OpenCheck = %+v, want a fault at position %d", s.OpenCheck(), tt.want)
			}
			before := readAll(t, s)
			for _, err := range []error{
				appendErr(s, events.AppendRequest{StreamID: "claim-7", Expected: events.NoStream,
					Events: []events.Proposed{{Type: "claim.extracted", Payload: json.RawMessage(`{}`)}}}),
				s.Import(context.Background(), []events.Envelope{before[len(before)-1]}),
			} {
				var got *events.Fault
				if !errors.Is(err, events.ErrTampered) || !errors.As(err, &got) || got.Position != tt.want {
					t.Errorf("write on a broken chain = %v, want the fault at position %d", err, tt.want)
				}
			}
			if after := readAll(t, s); len(after) != len(before) {
				t.Errorf("the refused writes changed the log: %d events, then %d", len(before), len(after))
			}
			if s = reopen(t, s, dsn, schema); s.OpenCheck().OK() {
				t.Errorf("OpenCheck on reopening = %+v, want the fault again", s.OpenCheck())
			}
		})
	}
}

// A rewrite of the verified part that reseals the chain (every hash
// recomputed, head updated) with the triggers only disabled for it, so
// nothing of them changes, verifies on a walk; the recorded hash of the
// verified position still finds it.
func TestOpenCheck_findsAResealedRewriteOfTheVerifiedPart(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.NewSchema(t, dsn)
	s := openIn(t, dsn, schema, postgres.Config{})
	all := recordSome(t, s)
	s = reopen(t, s, dsn, schema)
	s.Close()
	e := all[2]
	e.Payload = json.RawMessage(`{"url":"https://example.org/forged"}`)
	e.Hash = events.ComputeHash(&e)
	tamperSchema(t, dsn, schema,
		"ALTER TABLE S.events DISABLE TRIGGER USER",
		`UPDATE S.events SET payload = '\x`+hex.EncodeToString(e.Payload)+`', hash = '\x`+hex.EncodeToString(e.Hash)+`' WHERE position = 3`,
		`UPDATE S.head SET hash = '\x`+hex.EncodeToString(e.Hash)+`'`,
		"ALTER TABLE S.events ENABLE TRIGGER USER")
	s = openIn(t, dsn, schema, postgres.Config{})
	if rep, err := s.Verify(t.Context(), 0, 0); err != nil || !rep.OK() {
		t.Fatalf("the resealed chain should verify on a walk (that is the point): %+v, %v", rep, err)
	}
	f := s.OpenCheck().Fault
	if f == nil || f.Position != 3 || !strings.Contains(f.Reason, "earlier start") {
		t.Errorf("OpenCheck = %+v, want a fault at position 3 naming the earlier verification", s.OpenCheck())
	}
}

// tamperSchema runs stmts, with S standing for schema, as a role that may
// change the tables behind the store's back.
func tamperSchema(t *testing.T, dsn, schema string, stmts ...string) {
	t.Helper()
	for i, s := range stmts {
		stmts[i] = strings.ReplaceAll(s, "S.", schema+".")
	}
	pgtest.Exec(t, dsn, stmts...)
}

func appendErr(s events.Store, req events.AppendRequest) error {
	_, err := s.Append(context.Background(), req)
	return err
}
