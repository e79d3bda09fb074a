package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/claimledger/claimledger/events"
)

// verifyOnOpen verifies the chain from the position an earlier Open verified
// (table verified) to the head, and records the head as verified when the
// chain holds, so that a restart reads only what was appended since. A
// fault it finds makes the store read-only (see writer.broken).
//
// The record bounds the work, not the trust (see events.VerifySince). It
// does catch the rewrites that leave it alone:
//   - Changing a stored event through SQL means dropping the append-only
//     triggers (Open puts them back). That changes the file's schema_version,
//     which the record keeps: a different one walks the whole chain.
//   - A rewrite of the verified part that reseals the chain after it changes
//     the hash at the recorded position: the whole chain is walked to name
//     the first fault, and if the walk finds none the recorded position is
//     the fault.
func (s *Store) verifyOnOpen(ctx context.Context) (events.VerifyReport, error) {
	var schemaVersion int64
	if err := s.rdb.QueryRowContext(ctx, "PRAGMA schema_version").Scan(&schemaVersion); err != nil {
		return events.VerifyReport{}, fmt.Errorf("read schema version: %w", err)
	}
	pos, hash, recorded := uint64(0), events.GenesisHash, int64(0)
	err := s.rdb.QueryRowContext(ctx, "SELECT position, hash, schema_version FROM verified WHERE id = 1").Scan(&pos, &hash, &recorded)
	if err != nil && err != sql.ErrNoRows {
		return events.VerifyReport{}, fmt.Errorf("read verified position: %w", err)
	}
	whole := err == nil && recorded != schemaVersion
	if whole {
		s.cfg.Logger.Warn("the event store's schema changed since the chain was last verified (its triggers were dropped?): verifying the whole chain",
			"path", s.cfg.Path, "verified_position", pos)
	}
	rep, err := events.VerifySince(ctx, s, pos, hash, whole)
	if err != nil || !rep.OK() || (rep.Checked == 0 && recorded == schemaVersion) {
		return rep, err
	}
	last, _, err := s.HashAt(ctx, rep.To)
	if err != nil {
		return rep, fmt.Errorf("read verified hash: %w", err)
	}
	_, err = s.wdb.ExecContext(ctx, `INSERT INTO verified (id, position, hash, schema_version) VALUES (1, ?1, ?2, ?3)
		ON CONFLICT (id) DO UPDATE SET position = ?1, hash = ?2, schema_version = ?3`, rep.To, last, schemaVersion)
	if err != nil {
		return rep, fmt.Errorf("record verified position: %w", mapOpenErr(s.cfg.Path, err))
	}
	return rep, nil
}

// OpenCheck is what Open verified: the events appended since the previous
// Open verified the chain (From to To, Checked of them), and the first
// fault, if any. A store whose OpenCheck has a fault refuses every append
// and import with an error wrapping that *events.Fault (errors.Is
// events.ErrTampered); reads and Verify work as usual, for forensics.
func (s *Store) OpenCheck() events.VerifyReport { return s.openCheck }
