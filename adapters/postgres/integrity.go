package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5"
)

// verifyOnOpen verifies the chain from the position an earlier Open (of
// any process) recorded as verified to the head, and records the head as
// verified when the chain holds, so a restart reads only what was appended
// since (events.VerifySince). A fault it finds makes this Store read-only
// (see writer.broken).
//
// Changing a stored event through SQL means dropping or disabling the
// append-only triggers; Open creates them again. The record keeps the
// guards (the log table's and its triggers' identities and states, which
// a dropped and recreated table or trigger does not keep): other guards
// than recorded walk the whole chain. A rewrite that disables the
// triggers and enables them again leaves the guards as they were; a
// resealed rewrite of the verified part is still found by the hash at the
// recorded position.
func (s *Store) verifyOnOpen(ctx context.Context) (events.VerifyReport, error) {
	guards, err := s.guards(ctx)
	if err != nil {
		return events.VerifyReport{}, err
	}
	pos, hash, recorded := uint64(0), events.GenesisHash, ""
	err = s.pool.QueryRow(ctx, "SELECT position, hash, guards FROM "+s.table("verified")+" WHERE id = 1").Scan(&pos, &hash, &recorded)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return events.VerifyReport{}, fmt.Errorf("read verified position: %w", err)
	}
	found := err == nil
	whole := found && recorded != guards
	if whole {
		s.cfg.Logger.Warn("the event log's triggers or table changed since the chain was last verified (dropped and created again?): verifying the whole chain",
			"schema", s.cfg.Schema, "verified_position", pos)
	}
	rep, err := events.VerifySince(ctx, s, pos, hash, whole)
	if err != nil || !rep.OK() || (rep.Checked == 0 && found && !whole) {
		return rep, err
	}
	last, _, err := s.HashAt(ctx, rep.To)
	if err != nil {
		return rep, fmt.Errorf("read verified hash: %w", err)
	}
	// Several processes open the store: the record only moves forward,
	// unless it names other guards.
	_, err = s.pool.Exec(ctx, "INSERT INTO "+s.table("verified")+` AS v (id, position, hash, guards) VALUES (1, $1, $2, $3)
		ON CONFLICT (id) DO UPDATE SET position = $1, hash = $2, guards = $3 WHERE v.position <= $1 OR v.guards <> $3`, rep.To, last, guards)
	if err != nil {
		return rep, fmt.Errorf("record verified position: %w", err)
	}
	return rep, nil
}

// guards names what keeps the log append-only: the events table's oid and
// each of its triggers' oid and enabled state.
func (s *Store) guards(ctx context.Context) (string, error) {
	var g string
	err := s.pool.QueryRow(ctx, `SELECT c.oid::text || ':' || coalesce(string_agg(t.oid::text || '/' || t.tgenabled::text, ',' ORDER BY t.tgname), '')
		FROM pg_class c LEFT JOIN pg_trigger t ON t.tgrelid = c.oid AND NOT t.tgisinternal
		WHERE c.oid = to_regclass($1) GROUP BY c.oid`, s.table("events")).Scan(&g)
	if err != nil {
		return "", fmt.Errorf("read the log's triggers: %w", err)
	}
	return g, nil
}

// OpenCheck is what Open verified: the events appended since an earlier
// Open verified the chain (From to To, Checked of them), and the first
// fault, if any. A Store whose OpenCheck has a fault refuses every append
// and import with an error wrapping that *events.Fault (errors.Is
// events.ErrTampered); reads and Verify work as usual, for forensics.
// Stores other processes opened before the fault was made go on until
// they are opened again.
func (s *Store) OpenCheck() events.VerifyReport { return s.openCheck }
