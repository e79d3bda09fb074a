package sqliteviews

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
)

// Views are bound to the ledger they were made from: views_source records
// the ledger's id and the position and hash of the last event applied, in
// the same transaction as the views and the offset. Views that do not
// match the log (another ledger's, views ahead of a ledger restored from an
// older backup, a log that differs at the views' position) would answer
// with tokens and claims that are not in the log, and count new writes as
// applied; such views are emptied and rebuilt from the log instead.
const viewsSourceSchema = `
CREATE TABLE IF NOT EXISTS views_source (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	ledger_id TEXT    NOT NULL,
	position  INTEGER NOT NULL,
	hash      BLOB    NOT NULL
);`

// errDiverged: the log no longer continues from what the views applied.
var errDiverged = errors.New("the log does not continue from the views' last event")

// bind checks the views against the log at open, and resets them (to be
// rebuilt by Run) when they do not match, saying why.
func (v *Views) bind(ctx context.Context) error {
	var ledgerID string
	var pos, offset uint64
	var hash []byte
	err := v.wdb.QueryRowContext(ctx, "SELECT ledger_id, position, hash FROM views_source WHERE id = 1").Scan(&ledgerID, &pos, &hash)
	if err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("read views source: %w", err)
	}
	missing := err == sql.ErrNoRows
	err = v.wdb.QueryRowContext(ctx, "SELECT position FROM subscriber_offsets WHERE consumer_group = ? AND topic = ?", viewsGroup, sqlite.AllTopics).Scan(&offset)
	if err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("read checkpoint: %w", err)
	}
	var reason string
	switch {
	case missing && offset == 0: // new views
	case missing:
		reason = "the views record no ledger (an older version made them)"
	case ledgerID != v.store.LedgerID():
		reason = fmt.Sprintf("the views were made from another ledger (%s; this ledger is %s)", ledgerID, v.store.LedgerID())
	case v.predatesMatch:
		reason = "the views predate the match index"
	case offset != pos:
		reason = fmt.Sprintf("the views' checkpoint %d and source position %d differ", offset, pos)
	default:
		if reason, err = v.matchLog(ctx, pos, hash); err != nil {
			return err
		}
		if reason == "" {
			v.setSource(pos, hash)
			return nil
		}
	}
	if reason != "" {
		v.store.Logger().Warn("rebuilding the views from the log", "reason", reason, "views_db", v.path)
	}
	return v.reset(ctx)
}

// readSource takes the views' position from their checkpoint, as they are.
func (v *Views) readSource(ctx context.Context) error {
	var offset uint64
	err := v.wdb.QueryRowContext(ctx, "SELECT position FROM subscriber_offsets WHERE consumer_group = ? AND topic = ?", viewsGroup, sqlite.AllTopics).Scan(&offset)
	if err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("read checkpoint: %w", err)
	}
	v.setSource(offset, nil)
	return nil
}

// matchLog says why views at pos with hash do not match the log, or "".
func (v *Views) matchLog(ctx context.Context, pos uint64, hash []byte) (string, error) {
	head, _, err := v.store.Head(ctx)
	if err != nil {
		return "", err
	}
	if pos > head {
		return fmt.Sprintf("the views are ahead of the log: they applied position %d, the log ends at %d (a ledger restored from an older backup?)", pos, head), nil
	}
	logHash, ok, err := v.store.HashAt(ctx, pos)
	if err != nil {
		return "", err
	}
	if !ok || !bytes.Equal(logHash, hash) {
		return fmt.Sprintf("the log's event at position %d is not the one the views applied", pos), nil
	}
	return "", nil
}

// reset empties the views and their checkpoint and binds them to the start
// of this ledger; Run then projects the whole log again. The projector must
// not be running.
func (v *Views) reset(ctx context.Context) error {
	tx, err := v.wdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range viewTables {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return fmt.Errorf("empty %s: %w", t, err)
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO views_source (id, ledger_id, position, hash) VALUES (1, ?1, 0, ?2)
		ON CONFLICT (id) DO UPDATE SET ledger_id = ?1, position = 0, hash = ?2`, v.store.LedgerID(), events.GenesisHash)
	if err != nil {
		return fmt.Errorf("bind views: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	v.setSource(0, events.GenesisHash)
	v.applied.Set(0)
	v.access.Add(1) // the tokens are gone until the replay brings them back
	return nil
}

// recordSource runs in each projection transaction: the batch must follow
// the last event applied, and its last event becomes the views' source.
func (v *Views) recordSource(ctx context.Context, tx *sql.Tx, batch []events.Envelope) error {
	first, last := &batch[0], &batch[len(batch)-1]
	if first.Position != v.source.pos+1 || !bytes.Equal(first.PrevHash, v.source.hash) {
		return fmt.Errorf("%w: the views applied position %d, the next event is %d and chains onto another",
			errDiverged, v.source.pos, first.Position)
	}
	_, err := tx.ExecContext(ctx, "UPDATE views_source SET position = ?, hash = ? WHERE id = 1", last.Position, last.Hash)
	if err == nil {
		v.source.next = sourcePoint{last.Position, last.Hash}
	}
	return err
}

// sourcePoint is a position of the log and its hash.
type sourcePoint struct {
	pos  uint64
	hash []byte
}

// viewsSource is what the views were made from, as last committed (and, in
// next, what the open transaction will make it). Only the projector's
// goroutine, or Open and reset while it is not running, touch it.
type viewsSource struct {
	sourcePoint
	next sourcePoint
}

func (v *Views) setSource(pos uint64, hash []byte) {
	v.source = viewsSource{sourcePoint: sourcePoint{pos, hash}}
}

// sourceCommitted makes the open transaction's source the views' own.
func (v *Views) sourceCommitted() { v.source.sourcePoint = v.source.next }
