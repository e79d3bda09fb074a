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
	envs, err := readRange(ctx, s.rdb, from, to)
	if err != nil {
		return events.AppendResult{}, false, err
	}
	if len(envs) == 0 {
		return events.AppendResult{}, false, fmt.Errorf("find request %s: positions %d-%d have no rows", requestID, from, to)
	}
	last := envs[len(envs)-1]
	return events.AppendResult{StreamID: envs[0].StreamID, FromVersion: envs[0].Version, ToVersion: last.Version,
		FromPosition: from, ToPosition: last.Position, Events: envs, Replayed: true}, true, nil
}
