package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/claimledger/claimledger/events"
)

var _ events.RequestFinder = (*Store)(nil)

// FindRequest implements events.RequestFinder.
func (s *Store) FindRequest(ctx context.Context, requestID string) (events.AppendResult, bool, error) {
	if err := s.ensureOpen(); err != nil {
		return events.AppendResult{}, false, err
	}
	var from, to uint64
	err := s.rdb.QueryRowContext(ctx, "SELECT from_position, to_position FROM requests WHERE request_id = ?", requestID).Scan(&from, &to)
	if err == sql.ErrNoRows {
		return events.AppendResult{}, false, nil
	}
	if err != nil {
		return events.AppendResult{}, false, fmt.Errorf("find request %s: %w", requestID, err)
	}
	res, err := replayedResult(ctx, s.rdb, from, to)
	if err != nil {
		return events.AppendResult{}, false, fmt.Errorf("find request %s: %w", requestID, err)
	}
	return res, true, nil
}
