package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/claimledger/claimledger/events"
)

// verifyPage is how many rows Verify reads at a time.
const verifyPage = 2000

// Verify implements events.Store. It reads the rows in position order and
// recomputes every hash; when the range reaches the head it also checks the
// separately recorded head, so a deleted or added tail is found.
func (s *Store) Verify(ctx context.Context, from, to uint64) (events.VerifyReport, error) {
	if err := s.ensureOpen(); err != nil {
		return events.VerifyReport{}, err
	}
	headPos, headHash, err := s.Head(ctx)
	if err != nil {
		return events.VerifyReport{}, err
	}
	from = max(from, 1)
	var prev []byte
	if from > 1 {
		err := s.rdb.QueryRowContext(ctx, "SELECT hash FROM events WHERE position = ?", from-1).Scan(&prev)
		if err != nil && err != sql.ErrNoRows {
			return events.VerifyReport{}, fmt.Errorf("verify: read position %d: %w", from-1, err)
		}
	}
	v := events.NewVerifier(from, prev)
	toEnd := to == 0 || to >= headPos
	after := from - 1
	for {
		page, err := query(ctx, s.rdb, verifyPage,
			"SELECT "+columns+" FROM events WHERE position > ? AND (? = 0 OR position <= ?) ORDER BY position LIMIT ?",
			after, to, to, verifyPage)
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
