package app

import (
	"context"
	"time"

	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/match"
)

// Link records that the claim is the same claim as other, in another
// article. The other claim must exist.
func (c *Commands) Link(ctx context.Context, actor Actor, m Mutation, other, note string) (Written, error) {
	if history, _, err := c.load(ctx, claimStream(other)); err != nil {
		return Written{}, err
	} else if len(history) == 0 {
		return Written{}, notFound("claim", other)
	}
	rq := newRequest(m.RequestID, "link", m.ClaimID, other, note)
	d, err := c.disagreement(ctx, m.ClaimID, other)
	if err != nil {
		return Written{}, err
	}
	if d.Contradiction == "" {
		return c.onClaim(ctx, actor, m, rq, func(cl *claim.Claim) ([]any, error) { return cl.Link(claim.ID(other), actor.ID, note) })
	}
	// The link says the two are one claim and their figures disagree:
	// both fail the cross_article check, as a suggested match would.
	return c.onClaimWith(ctx, actor, m, rq, func(cl *claim.Claim) ([]any, error) {
		evs, err := cl.SuggestMatch(d.suggestedOn(true, ArticleOfClaim(m.ClaimID)))
		if err != nil {
			return nil, err
		}
		linked := cl.Clone()
		for _, e := range evs {
			if err := linked.Apply(e); err != nil {
				return nil, err
			}
		}
		link, err := linked.Link(claim.ID(other), actor.ID, note)
		return append(evs, link...), err
	}, c.mirror(ctx, actor, m.ClaimID, other, func(o *claim.Claim) ([]any, error) {
		return o.SuggestMatch(d.suggestedOn(false, ArticleOfClaim(m.ClaimID)))
	}))
}

// disagreement is how claim id and other, which a reviewer links, disagree
// on their figures, as a suggestion of other on id (Contradiction empty
// when they agree); the score says a person made the pair.
func (c *Commands) disagreement(ctx context.Context, id, other string) (suggestion, error) {
	var views [2]ClaimView
	for i, cid := range []string{id, other} {
		st, err := c.state(ctx, claimStream(cid), false)
		if err != nil || len(st.history) == 0 {
			return suggestion{}, err // a missing claim is refused by the command
		}
		if views[i], err = claimView(st, 0, time.Time{}); err != nil {
			return suggestion{}, err
		}
	}
	s := suggestion{newID: id, other: views[1]}
	s.Score, s.Evidence = 1, []string{"linked by a reviewer"}
	s.Contradiction = match.Disagree(matchClaim(views[0]), matchClaim(views[1]))
	return s, nil
}
