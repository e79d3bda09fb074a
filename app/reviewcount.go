package app

import (
	"sync/atomic"

	"github.com/claimledger/claimledger/domain/claim"
)

// reviewCounter counts the votes this process recorded, by verdict; a retry
// answered with its first result is not a vote. The verdicts are a fixed
// set, so one atomic each counts them without a lock on the review path.
type reviewCounter struct {
	confirm, dispute, unverifiable atomic.Uint64
}

func (r *reviewCounter) add(v claim.Verdict) {
	switch v {
	case claim.VerdictConfirm:
		r.confirm.Add(1)
	case claim.VerdictDispute:
		r.dispute.Add(1)
	case claim.VerdictUnverifiable:
		r.unverifiable.Add(1)
	}
}

// ReviewsRecorded counts the reviews this process recorded since it
// started, by verdict (every verdict present, zero or not): what an
// operator graphs as a rate. The views hold the live votes; this counts
// submissions, retracted ones included.
func (c *Commands) ReviewsRecorded() map[claim.Verdict]uint64 {
	return map[claim.Verdict]uint64{
		claim.VerdictConfirm:      c.reviews.confirm.Load(),
		claim.VerdictDispute:      c.reviews.dispute.Load(),
		claim.VerdictUnverifiable: c.reviews.unverifiable.Load(),
	}
}
