package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// LedgerID is the ledger's identity: a random id made with the schema,
// the same for every Store opened on it (in any process), different for
// every other ledger. Consumers that keep derived data elsewhere record it
// with their position, so they can tell data derived from another ledger,
// as the SQLite store's views do.
func (s *Store) LedgerID() string { return s.ledgerID }

// newLedgerID is the id a new schema is given: 16 random bytes in
// lower-case hex, as the SQLite store makes its own.
func newLedgerID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Store) readLedgerID(ctx context.Context) error {
	if err := s.pool.QueryRow(ctx, "SELECT ledger_id FROM "+s.table("ledger")+" WHERE id = 1").Scan(&s.ledgerID); err != nil {
		return fmt.Errorf("read ledger id: %w", err)
	}
	return nil
}

// HashAt returns the stored hash of the event at position, and false when
// there is none. Position 0 is the start of the log, GenesisHash.
func (s *Store) HashAt(ctx context.Context, position uint64) ([]byte, bool, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, false, err
	}
	return s.hashAt(ctx, s.pool, position)
}
