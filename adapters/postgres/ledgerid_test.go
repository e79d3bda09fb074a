package postgres_test

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// A ledger's id is made once with its schema: every Store on the schema
// (two processes, a restart) sees the same one, another schema has
// another.
func TestLedgerID(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.NewSchema(t, dsn)
	a := openIn(t, dsn, schema, postgres.Config{})
	b := openIn(t, dsn, schema, postgres.Config{})
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(a.LedgerID()) {
		t.Fatalf("ledger id %q: want 32 lower-case hex digits", a.LedgerID())
	}
	if a.LedgerID() != b.LedgerID() {
		t.Errorf("two stores on one schema: ledger ids %s and %s", a.LedgerID(), b.LedgerID())
	}
	id := a.LedgerID()
	if a = reopen(t, a, dsn, schema); a.LedgerID() != id {
		t.Errorf("after reopening: ledger id %s, was %s", a.LedgerID(), id)
	}
	other := openIn(t, dsn, pgtest.NewSchema(t, dsn), postgres.Config{})
	if other.LedgerID() == id {
		t.Errorf("another schema has the same ledger id %s", id)
	}
}

// HashAt reads one event's stored hash, GenesisHash at 0, and nothing
// past the head; another process's appends are there at once.
func TestHashAt(t *testing.T) {
	_, other, s := twoProcesses(t)
	all := readAll(t, other)
	ctx := t.Context()
	if h, ok, err := s.HashAt(ctx, 0); err != nil || !ok || !bytes.Equal(h, events.GenesisHash) {
		t.Errorf("HashAt(0) = %x, %v, %v; want the genesis hash", h, ok, err)
	}
	for _, e := range all {
		if h, ok, err := s.HashAt(ctx, e.Position); err != nil || !ok || !bytes.Equal(h, e.Hash) {
			t.Errorf("HashAt(%d) = %x, %v, %v; want %x", e.Position, h, ok, err, e.Hash)
		}
	}
	if h, ok, err := s.HashAt(ctx, uint64(len(all)+1)); err != nil || ok {
		t.Errorf("HashAt past the head = %x, %v, %v; want none", h, ok, err)
	}
	s.Close()
	if _, _, err := s.HashAt(ctx, 1); err != events.ErrClosed {
		t.Errorf("HashAt after Close: %v, want ErrClosed", err)
	}
}
