package app

import (
	"context"
	"fmt"
)

// linkedVerdicts fills in where v's linked claims stand.
func (q *Queries) linkedVerdicts(ctx context.Context, v *ClaimView) error {
	for _, id := range v.Links {
		o, ok, err := q.views.Claim(ctx, id)
		if err != nil {
			return fmt.Errorf("linked claim %s: %w", id, err)
		}
		if ok { // a link to a claim the views do not hold yet says nothing
			v.LinkedVerdicts = append(v.LinkedVerdicts, LinkedVerdict{ClaimID: o.ID, ArticleID: o.ArticleID, Status: o.Status})
		}
	}
	return nil
}

// Matches returns the claim and the other claim of each of its suggested
// matches, in the order of v.Matches; a suggested claim the views do not
// hold is a zero view with only its id.
func (q *Queries) Matches(ctx context.Context, id string, minPosition uint64) (ClaimView, []ClaimView, error) {
	v, err := q.Claim(ctx, id, minPosition)
	if err != nil {
		return ClaimView{}, nil, err
	}
	others := make([]ClaimView, len(v.Matches))
	for i, m := range v.Matches {
		o, ok, err := q.views.Claim(ctx, string(m.OtherClaimID))
		if err != nil {
			return ClaimView{}, nil, fmt.Errorf("suggested claim %s: %w", m.OtherClaimID, err)
		}
		if !ok {
			o = ClaimView{ID: string(m.OtherClaimID), ArticleID: m.OtherArticleID}
		}
		others[i] = o
	}
	return v, others, nil
}
