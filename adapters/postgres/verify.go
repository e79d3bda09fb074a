package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5"
)

// Verify implements events.Store with events.VerifyLog: every hash of the
// range recomputed, and the recorded head checked when the range reaches
// it. The head and the rows are read in one snapshot: other processes go
// on appending, and a row committed after the head was read would look
// like an event beyond the recorded head.
func (s *Store) Verify(ctx context.Context, from, to uint64) (events.VerifyReport, error) {
	if err := s.ensureOpen(); err != nil {
		return events.VerifyReport{}, err
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return events.VerifyReport{}, fmt.Errorf("verify: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	return events.VerifyLog(ctx, snapshot{s: s, tx: tx}, from, to)
}

// PageRange implements events.LogPager.
func (s *Store) PageRange(ctx context.Context, after, to uint64, limit int) ([]events.Envelope, error) {
	if err := s.ensureOpen(); err != nil {
		return nil, err
	}
	return s.pageRange(ctx, s.pool, after, to, limit)
}

func (s *Store) pageRange(ctx context.Context, q queryer, after, to uint64, limit int) ([]events.Envelope, error) {
	return s.query(ctx, q, limit, "SELECT "+columns+" FROM "+s.table("events")+
		" WHERE position > $1 AND ($2::bigint = 0 OR position <= $2::bigint) ORDER BY position LIMIT $3", after, to, limit)
}

// snapshot is the log as one read-only transaction sees it, for Verify.
type snapshot struct {
	s  *Store
	tx pgx.Tx
}

func (p snapshot) Head(ctx context.Context) (uint64, []byte, error) { return p.s.head(ctx, p.tx) }

func (p snapshot) HashAt(ctx context.Context, position uint64) ([]byte, bool, error) {
	return p.s.hashAt(ctx, p.tx, position)
}

func (p snapshot) PageRange(ctx context.Context, after, to uint64, limit int) ([]events.Envelope, error) {
	return p.s.pageRange(ctx, p.tx, after, to, limit)
}

// rowQueryer is the pool or a transaction.
type rowQueryer interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func (s *Store) head(ctx context.Context, q rowQueryer) (uint64, []byte, error) {
	var pos uint64
	var hash []byte
	if err := q.QueryRow(ctx, "SELECT position, hash FROM "+s.table("head")+" WHERE id = 1").Scan(&pos, &hash); err != nil {
		return 0, nil, fmt.Errorf("read head: %w", err)
	}
	return pos, hash, nil
}

func (s *Store) hashAt(ctx context.Context, q rowQueryer, position uint64) ([]byte, bool, error) {
	if position == 0 {
		return events.GenesisHash, true, nil
	}
	var hash []byte
	err := q.QueryRow(ctx, "SELECT hash FROM "+s.table("events")+" WHERE position = $1", position).Scan(&hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read hash at %d: %w", position, err)
	}
	return hash, true, nil
}
