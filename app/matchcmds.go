package app

import (
	"context"
	"errors"

	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/events"
)

// AcceptMatch turns the suggestion of other as the same claim into a link,
// both ways: the two claims' streams record it together or not at all.
func (c *Commands) AcceptMatch(ctx context.Context, actor Actor, m Mutation, other, note string) (Written, error) {
	rq := newRequest(m.RequestID, "accept-match", m.ClaimID, other, note)
	return c.onClaimWith(ctx, actor, m, rq, func(cl *claim.Claim) ([]any, error) {
		return cl.AcceptMatch(claim.ID(other), actor.ID, note)
	}, c.mirror(ctx, actor, m.ClaimID, other, func(o *claim.Claim) ([]any, error) {
		return o.AcceptMatch(claim.ID(m.ClaimID), actor.ID, note)
	}))
}

// RejectMatch refuses the suggestion of other for good, on both claims.
func (c *Commands) RejectMatch(ctx context.Context, actor Actor, m Mutation, other, note string) (Written, error) {
	rq := newRequest(m.RequestID, "reject-match", m.ClaimID, other, note)
	return c.onClaimWith(ctx, actor, m, rq, func(cl *claim.Claim) ([]any, error) {
		return cl.RejectMatch(claim.ID(other), actor.ID, note)
	}, c.mirror(ctx, actor, m.ClaimID, other, func(o *claim.Claim) ([]any, error) {
		return o.RejectMatch(claim.ID(m.ClaimID), actor.ID, note)
	}))
}

// mirror is the append deciding on the other claim of a pair, recorded with
// the command on the first. The other claim decides nothing when it does
// not hold the suggestion pending (a suggestion recorded on one side only
// by an older version, or decided there already); the command itself says
// whether the pair may be decided.
func (c *Commands) mirror(ctx context.Context, actor Actor, id, other string, decide func(*claim.Claim) ([]any, error)) alongside {
	return func(bool) ([]events.AppendRequest, error) {
		if other == id || claim.ID(other).Validate() != nil {
			return nil, nil // the command refuses it with the right error
		}
		stream := claimStream(other)
		st, err := c.state(ctx, stream, true)
		if err != nil || len(st.history) == 0 {
			return nil, err
		}
		cl, err := st.claim()
		if err != nil {
			return nil, err
		}
		evs, err := decide(cl)
		if errors.Is(err, claim.ErrNoSuggestion) || errors.Is(err, claim.ErrAlreadyLinked) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		req := events.AppendRequest{StreamID: stream, Expected: events.Exact(st.version)}
		if err := c.encodeInto(&req, actor, cl.Clone(), evs); err != nil {
			return nil, err
		}
		return []events.AppendRequest{req}, nil
	}
}
