package pgviews

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5"
)

// Views are bound to the log they were made from by their checkpoint: the
// position and hash of the last event applied, committed with the rows.
// The PostgreSQL store records no ledger id, so the hash is the binding:
// it chains every event up to the views' position, so a log with that
// hash at that position holds the very events the views applied. Views
// the log does not continue (another ledger's, ahead of a ledger restored
// from an older backup, a log that differs at their position) would answer
// with tokens and claims that are not in the log, and count new writes as
// applied; they are emptied and rebuilt from the log instead.

// sourcePoint is a position of the log and its hash: what the views were
// made from.
type sourcePoint struct {
	pos  uint64
	hash []byte
}

// errDiverged: the log no longer continues from what the views applied.
var errDiverged = errors.New("the log does not continue from the views' last event")

// bind checks the views against the log at open and resets them when they
// do not match, saying why. It holds the checkpoint's row lock, so a
// projector in another process waits.
func (v *Views) bind(ctx context.Context) error {
	tx, err := v.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("bind views: %w", err)
	}
	defer tx.Rollback(ctx)
	src, access, err := v.readSource(ctx, tx, true)
	if err != nil {
		return err
	}
	reason, err := v.matchLog(ctx, src)
	if err != nil {
		return err
	}
	if reason != "" {
		v.log.Warn("rebuilding the views from the log", "reason", reason)
		if access, err = v.resetTx(ctx, tx); err != nil {
			return err
		}
		src = sourcePoint{0, events.GenesisHash}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("bind views: %w", err)
	}
	v.seen(src.pos, access)
	return nil
}

// readSource reads the checkpoint, locking its row when forUpdate.
func (v *Views) readSource(ctx context.Context, q pgx.Tx, forUpdate bool) (sourcePoint, uint64, error) {
	var src sourcePoint
	var access uint64
	sql := "SELECT position, hash, access FROM " + v.table("views_source") + " WHERE id = 1"
	if forUpdate {
		sql += " FOR UPDATE"
	}
	if err := q.QueryRow(ctx, sql).Scan(&src.pos, &src.hash, &access); err != nil {
		return src, 0, fmt.Errorf("read views checkpoint: %w", err)
	}
	return src, access, nil
}

// matchLog says why views made up to src do not match the log, or "".
func (v *Views) matchLog(ctx context.Context, src sourcePoint) (string, error) {
	head, _, err := v.store.Head(ctx)
	if err != nil {
		return "", err
	}
	if src.pos > head {
		return fmt.Sprintf("the views are ahead of the log: they applied position %d, the log ends at %d (a ledger restored from an older backup?)", src.pos, head), nil
	}
	logHash := events.GenesisHash
	if src.pos > 0 {
		evs, err := v.store.ReadAll(ctx, src.pos-1, 1)
		if err != nil {
			return "", err
		}
		if len(evs) == 0 || evs[0].Position != src.pos {
			return fmt.Sprintf("the log has no event at the views' position %d", src.pos), nil
		}
		logHash = evs[0].Hash
	}
	if !bytes.Equal(logHash, src.hash) {
		return fmt.Sprintf("the log's event at position %d is not the one the views applied (another ledger's views?)", src.pos), nil
	}
	return "", nil
}

// reset empties the views and rewinds their checkpoint to the start of the
// log, taking the checkpoint's row lock first: a projector's transaction in
// flight commits before, or fails its compare and set after.
func (v *Views) reset(ctx context.Context) error {
	tx, err := v.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("reset views: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, _, err := v.readSource(ctx, tx, true); err != nil {
		return err
	}
	access, err := v.resetTx(ctx, tx)
	if err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("reset views: %w", err)
	}
	v.seen(0, access)
	return nil
}

// resetTx empties the views in tx and rewinds the checkpoint; the access
// version moves, since the tokens are gone until the replay brings them
// back.
func (v *Views) resetTx(ctx context.Context, tx pgx.Tx) (uint64, error) {
	tables := make([]string, len(viewTables))
	for i, t := range viewTables {
		tables[i] = v.table(t)
	}
	if _, err := tx.Exec(ctx, "TRUNCATE "+strings.Join(tables, ", ")); err != nil {
		return 0, fmt.Errorf("empty views: %w", err)
	}
	var access uint64
	err := tx.QueryRow(ctx, "UPDATE "+v.table("views_source")+" SET position = 0, hash = $1, access = access + 1 WHERE id = 1 RETURNING access",
		events.GenesisHash).Scan(&access)
	if err != nil {
		return 0, fmt.Errorf("rewind views checkpoint: %w", err)
	}
	return access, nil
}
