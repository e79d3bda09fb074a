package sqliteviews

import (
	"context"
	"fmt"
)

// ClaimsByStatus counts the claims by workflow status, from the status
// index: what the operator's metrics show, read when they are scraped.
func (v *Views) ClaimsByStatus(ctx context.Context) (map[string]int, error) {
	rows, err := v.rdb.QueryContext(ctx, "SELECT status, count(*) FROM claim_views GROUP BY status")
	if err != nil {
		return nil, fmt.Errorf("count claims: %w", err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return nil, fmt.Errorf("count claims: %w", err)
		}
		counts[status] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count claims: %w", err)
	}
	return counts, nil
}
