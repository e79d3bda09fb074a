package app

import (
	"context"

	"github.com/claimledger/claimledger/domain/claim"
)

// Correction is an editor's fix of a claim's kind or span. Empty fields
// keep what the claim has; a span is given as AddClaim's is.
type Correction struct {
	Kind       string
	Text       string
	Start, End *int
	Note       string
}

// CorrectClaim records an editor's correction. A correction onto the span
// and kind of another live claim of the article is ErrClaimExists.
func (c *Commands) CorrectClaim(ctx context.Context, actor Actor, m Mutation, in Correction) (Written, error) {
	rq := newRequest(m.RequestID, "correct", m.ClaimID, in.Kind, in.Text, in.Start, in.End, in.Note)
	return c.onClaim(ctx, actor, m, rq, func(cl *claim.Claim) ([]any, error) {
		as, err := c.loadArticle(ctx, cl.ArticleID(), false)
		if err != nil {
			return nil, err
		}
		start, end := cl.Span()
		span := claim.Span{Part: cl.Part(), Start: start, End: end, Text: cl.Text(), Sentence: cl.Sentence()}
		if in.Text != "" || in.Start != nil || in.End != nil {
			if span, err = resolveSpan(as.article, in.Text, in.Start, in.End); err != nil {
				return nil, err
			}
		}
		kind := in.Kind
		if kind == "" {
			kind = cl.Kind()
		}
		if dup := as.live(kind, span, cl.ID()); dup != nil {
			return nil, duplicate(dup)
		}
		return cl.Correct(actor.ID, kind, span, in.Note)
	})
}
