package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/claimledger/claimledger/events"
)

// LedgerID is the ledger's identity: a random id made with the ledger (or
// when a ledger from before it was first opened by this version), kept by
// its copies and backups, different for every other ledger. Consumers that
// keep derived data elsewhere record it with their position, so they can
// tell data derived from another ledger.
func (s *Store) LedgerID() string { return s.ledgerID }

// HashAt returns the stored hash of the event at position, and false when
// there is none. Position 0 is the start of the log, GenesisHash.
func (s *Store) HashAt(ctx context.Context, position uint64) ([]byte, bool, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, false, err
	}
	if position == 0 {
		return events.GenesisHash, true, nil
	}
	var hash []byte
	err := s.rdb.QueryRowContext(ctx, "SELECT hash FROM events WHERE position = ?", position).Scan(&hash)
	if err == sql.ErrNoRows {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read hash at %d: %w", position, err)
	}
	return hash, true, nil
}
