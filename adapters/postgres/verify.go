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
	headPos, headHash, err := s.Head(ctx)
	if err != nil {
		return events.VerifyReport{}, err
	}
	from = max(from, 1)
	var prev []byte
	if from > 1 {
		err := s.pool.QueryRow(ctx, "SELECT hash FROM "+s.table("events")+" WHERE position = $1", from-1).Scan(&prev)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return events.VerifyReport{}, fmt.Errorf("verify: read position %d: %w", from-1, err)
		}
	}
	v := events.NewVerifier(from, prev)
	toEnd := to == 0 || to >= headPos
	after := from - 1
	for {
		page, err := s.query(ctx, s.pool, verifyPage, "SELECT "+columns+" FROM "+s.table("events")+
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
