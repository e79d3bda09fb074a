package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5"
)

// verifyPage is how many rows Verify reads at a time.
const verifyPage = 2000

// Verify implements events.Store. It reads the rows in position order and
// recomputes every hash with the events package's chain; when the range
// reaches the head it also checks the separately recorded head, so a
// deleted or added tail is found.
func (s *Store) Verify(ctx context.Context, from, to uint64) (events.VerifyReport, error) {
	if err := s.ensureOpen(); err != nil {
		return events.VerifyReport{}, err
	}
	// One snapshot for the head and the rows: other processes go on
	// appending, and a row committed after the head was read would look
	// like an event beyond the recorded head.
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return events.VerifyReport{}, fmt.Errorf("verify: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	var headPos uint64
	var headHash []byte
	if err := tx.QueryRow(ctx, "SELECT position, hash FROM "+s.table("head")+" WHERE id = 1").Scan(&headPos, &headHash); err != nil {
		return events.VerifyReport{}, fmt.Errorf("verify: read head: %w", err)
	}
	from = max(from, 1)
	var prev []byte
	if from > 1 {
		err := tx.QueryRow(ctx, "SELECT hash FROM "+s.table("events")+" WHERE position = $1", from-1).Scan(&prev)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return events.VerifyReport{}, fmt.Errorf("verify: read position %d: %w", from-1, err)
		}
	}
	v := events.NewVerifier(from, prev)
	toEnd := to == 0 || to >= headPos
	after := from - 1
	for {
		page, err := s.query(ctx, tx, verifyPage, "SELECT "+columns+" FROM "+s.table("events")+
			" WHERE position > $1 AND ($2::bigint = 0 OR position <= $2::bigint) ORDER BY position LIMIT $3", after, to, verifyPage)
		if err != nil {
			return events.VerifyReport{}, fmt.Errorf("verify: %w", err)
		}
		for i := range page {
			if f := v.Add(&page[i]); f != nil {
				return v.Report(), nil
			}
		}
		if len(page) < verifyPage {
			break
		}
		after = page[len(page)-1].Position
	}
	if toEnd {
		return v.Finish(headPos, headHash), nil
	}
	return v.Finish(0, nil), nil
}
