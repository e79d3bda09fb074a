package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5"
)

// FindRequest implements events.RequestFinder.
func (s *Store) FindRequest(ctx context.Context, requestID string) (events.AppendResult, bool, error) {
	if err := s.ensureOpen(); err != nil {
		return events.AppendResult{}, false, err
	}
	var from, to uint64
	err := s.pool.QueryRow(ctx, "SELECT from_position, to_position FROM "+s.table("requests")+" WHERE request_id = $1", requestID).Scan(&from, &to)
	if errors.Is(err, pgx.ErrNoRows) {
		return events.AppendResult{}, false, nil
	}
	if err != nil {
		return events.AppendResult{}, false, fmt.Errorf("find request %s: %w", requestID, err)
	}
	res, err := s.replayedResult(ctx, s.pool, from, to)
	if err != nil {
		return events.AppendResult{}, false, fmt.Errorf("find request %s: %w", requestID, err)
	}
	return res, true, nil
}
