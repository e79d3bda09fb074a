package app

import (
	"context"

	"github.com/claimledger/claimledger/domain/claim"
)

// WaitingFor counts the claims that wait for reviewer's vote: extracted or
// under review, with no live vote of theirs. A contested claim waits for an
// editor, and a decided one for no one. It reads counts, not claims, so
// the desk shows it on every queue page whatever the size of the ledger.
func (q *Queries) WaitingFor(ctx context.Context, reviewer string, minPosition uint64) (int, error) {
	if err := q.caughtUp(ctx, minPosition); err != nil {
		return 0, err
	}
	total := 0
	for _, st := range []claim.Status{claim.StatusExtracted, claim.StatusUnderReview} {
		n, err := q.views.CountClaims(ctx, ClaimFilter{Status: st, NotReviewer: reviewer})
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}
