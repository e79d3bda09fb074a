package pgviews

import (
	"context"
	"fmt"
)

// ClaimsByStatus counts the claims by workflow status, from the status
// index: what the operator's metrics show, read when they are scraped.
func (v *Views) ClaimsByStatus(ctx context.Context) (map[string]int, error) {
	counts, err := v.countBy(ctx, "SELECT status, count(*) FROM "+v.table("claim_views")+" GROUP BY status")
	if err != nil {
		return nil, fmt.Errorf("count claims: %w", err)
	}
	return counts, nil
}

// countBy reads rows of (name, count).
func (v *Views) countBy(ctx context.Context, q string, args ...any) (map[string]int, error) {
	rows, err := v.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return nil, err
		}
		counts[name] = n
	}
	return counts, rows.Err()
}
