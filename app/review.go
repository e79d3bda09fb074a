package app

import (
	"context"

	"github.com/claimledger/claimledger/domain/claim"
)

// Mutation is what every claim command carries besides its own fields.
type Mutation struct {
	RequestID string
	ClaimID   string
	// ExpectedVersion, when set, makes the command fail with a
	// *events.ConcurrencyError unless the claim is at that version.
	ExpectedVersion *uint64
}

// SubmitReview records a reviewer's vote. v.Reviewer and v.At are set here.
func (c *Commands) SubmitReview(ctx context.Context, actor Actor, m Mutation, v claim.Vote) (Written, error) {
	rq := newRequest(m.RequestID, "review", m.ClaimID, v)
	v.Reviewer, v.At = actor.ID, c.now().UTC()
	w, err := c.onClaim(ctx, actor, m, rq, func(cl *claim.Claim) ([]any, error) { return cl.SubmitReview(v, c.policy) })
	if err == nil && !w.Replayed {
		c.reviews.add(v.Verdict)
	}
	return w, err
}

// RetractReview withdraws the caller's live vote.
func (c *Commands) RetractReview(ctx context.Context, actor Actor, m Mutation, reason string) (Written, error) {
	return c.onClaim(ctx, actor, m, newRequest(m.RequestID, "retract", m.ClaimID, reason), func(cl *claim.Claim) ([]any, error) { return cl.RetractReview(actor.ID, reason, c.policy) })
}

// Reopen starts a new review round on a decided claim.
func (c *Commands) Reopen(ctx context.Context, actor Actor, m Mutation, reason string) (Written, error) {
	return c.onClaim(ctx, actor, m, newRequest(m.RequestID, "reopen", m.ClaimID, reason), func(cl *claim.Claim) ([]any, error) { return cl.Reopen(actor.ID, reason) })
}

// Dismiss takes a claim out of review, for the reason code says (see
// claim.DismissCodes; "" records claim.DismissUnspecified).
func (c *Commands) Dismiss(ctx context.Context, actor Actor, m Mutation, reason, code string) (Written, error) {
	dc, err := claim.ParseDismissCode(code)
	if err != nil {
		return Written{}, err
	}
	rq := newRequest(m.RequestID, "dismiss", m.ClaimID, reason)
	if dc != claim.DismissUnspecified { // a retry from before codes digests as it did
		rq = newRequest(m.RequestID, "dismiss", m.ClaimID, reason, dc)
	}
	return c.onClaim(ctx, actor, m, rq, func(cl *claim.Claim) ([]any, error) { return cl.Dismiss(actor.ID, reason, dc) })
}

// Settle is an editor's verdict on a contested claim.
func (c *Commands) Settle(ctx context.Context, actor Actor, m Mutation, v claim.Verdict, note string) (Written, error) {
	return c.onClaim(ctx, actor, m, newRequest(m.RequestID, "settle", m.ClaimID, v, note), func(cl *claim.Claim) ([]any, error) { return cl.Settle(actor.ID, v, note) })
}

// onClaim runs a decision on an existing claim.
func (c *Commands) onClaim(ctx context.Context, actor Actor, m Mutation, rq request, decide func(*claim.Claim) ([]any, error)) (Written, error) {
	return c.onClaimWith(ctx, actor, m, rq, decide, nil)
}

// onClaimWith is onClaim recording with's appends in the same transaction.
func (c *Commands) onClaimWith(ctx context.Context, actor Actor, m Mutation, rq request, decide func(*claim.Claim) ([]any, error), with alongside) (Written, error) {
	if err := claim.ID(m.ClaimID).Validate(); err != nil {
		return Written{}, err
	}
	w, err := c.executeWith(ctx, actor, rq, claimStream(m.ClaimID), m.ExpectedVersion, func(st *streamState) ([]any, error) {
		if len(st.history) == 0 {
			return nil, notFound("claim", m.ClaimID)
		}
		cl, err := st.claim()
		if err != nil {
			return nil, err
		}
		return decide(cl)
	}, with)
	for _, res := range w.with { // the other streams moved: read them again when needed
		c.states.drop(res.StreamID)
	}
	return withView(w, err)
}
