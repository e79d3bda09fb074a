package memviews

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
)

// Claim implements app.ViewReader.
func (v *Views) Claim(ctx context.Context, id string) (app.ClaimView, bool, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return get[app.ClaimView](v.rows.claims, id)
}

// Claims implements app.ViewReader.
func (v *Views) Claims(ctx context.Context, f app.ClaimFilter, after string, limit int) ([]app.ClaimView, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	var out []app.ClaimView
	for _, id := range claimPageIDs(v.rows.claims, after) {
		if limit >= 0 && len(out) >= limit {
			break
		}
		c, _, err := get[app.ClaimView](v.rows.claims, id)
		if err != nil {
			return nil, fmt.Errorf("list claims: %w", err)
		}
		if ok, err := v.matches(f, &c); err != nil {
			return nil, err
		} else if ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// CountClaims implements app.ViewReader.
func (v *Views) CountClaims(ctx context.Context, f app.ClaimFilter) (int, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	n := 0
	for id := range v.rows.claims {
		c, _, err := get[app.ClaimView](v.rows.claims, id)
		if err != nil {
			return 0, fmt.Errorf("count claims: %w", err)
		}
		if ok, err := v.matches(f, &c); err != nil {
			return 0, err
		} else if ok {
			n++
		}
	}
	return n, nil
}

// matches is the filter's contract: every field set must hold.
func (v *Views) matches(f app.ClaimFilter, c *app.ClaimView) (bool, error) {
	switch {
	case f.Status != "" && c.Status != f.Status,
		f.Kind != "" && c.Kind != f.Kind,
		f.ArticleID != "" && c.ArticleID != f.ArticleID,
		f.Flagged != nil && c.Flagged != *f.Flagged,
		f.HasSuggestions && !c.PendingMatches(),
		f.CrossArticle && !c.CrossArticle(),
		f.VerdictElsewhere != "" && !c.Undecided(),
		f.Reviewer != "" && !votedBy(c, f.Reviewer),
		f.NotReviewer != "" && votedBy(c, f.NotReviewer):
		return false, nil
	case f.VerdictElsewhere != "":
		for _, id := range c.Links {
			o, ok, err := get[app.ClaimView](v.rows.claims, id)
			if err != nil {
				return false, err
			}
			if ok && o.Status == f.VerdictElsewhere {
				return true, nil
			}
		}
		return false, nil
	}
	return true, nil
}

func votedBy(c *app.ClaimView, reviewer string) bool {
	return slices.ContainsFunc(c.Votes, func(vote claim.Vote) bool { return vote.Reviewer == reviewer })
}

// Article implements app.ViewReader.
func (v *Views) Article(ctx context.Context, id string) (app.ArticleSummary, bool, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	a, ok, err := get[app.ArticleView](v.rows.articles, id)
	if err != nil || !ok {
		return app.ArticleSummary{}, ok, err
	}
	s, err := v.summary(a)
	return s, true, err
}

// ArticleView implements app.ViewReader.
func (v *Views) ArticleView(ctx context.Context, id string) (app.ArticleView, bool, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return get[app.ArticleView](v.rows.articles, id)
}

// Articles implements app.ViewReader.
func (v *Views) Articles(ctx context.Context, after string, limit int) ([]app.ArticleSummary, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	var out []app.ArticleSummary
	for _, id := range firstN(pageIDs(v.rows.articles, after), limit) {
		a, _, err := get[app.ArticleView](v.rows.articles, id)
		if err != nil {
			return nil, fmt.Errorf("list articles: %w", err)
		}
		s, err := v.summary(a)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// summary counts an article's claims by status. The caller holds the lock.
func (v *Views) summary(a app.ArticleView) (app.ArticleSummary, error) {
	counts := map[claim.Status]int{}
	for id := range v.rows.claims {
		c, _, err := get[app.ClaimView](v.rows.claims, id)
		if err != nil {
			return app.ArticleSummary{}, fmt.Errorf("count claims of %s: %w", a.ID, err)
		}
		if c.ArticleID == a.ID {
			counts[c.Status]++
		}
	}
	return app.ArticleSummary{ArticleView: a, Counts: counts}, nil
}

// Reviewer implements app.ViewReader.
func (v *Views) Reviewer(ctx context.Context, id string) (app.ReviewerView, bool, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	r, ok, err := get[app.ReviewerView](v.rows.reviewers, id)
	if err != nil || !ok {
		return r, ok, err
	}
	v.withActivity(&r)
	return r, true, nil
}

// Reviewers implements app.ViewReader.
func (v *Views) Reviewers(ctx context.Context, after string, limit int) ([]app.ReviewerView, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	var out []app.ReviewerView
	for _, id := range firstN(pageIDs(v.rows.reviewers, after), limit) {
		r, _, err := get[app.ReviewerView](v.rows.reviewers, id)
		if err != nil {
			return nil, fmt.Errorf("list reviewers: %w", err)
		}
		v.withActivity(&r)
		out = append(out, r)
	}
	return out, nil
}

// withActivity sets the reviewer's counts, when they have any.
func (v *Views) withActivity(r *app.ReviewerView) {
	if a, ok := v.rows.activity[r.ID]; ok {
		r.Votes, r.Retractions, r.LastActive = a.votes, a.retractions, a.last.UTC()
	}
}

// Token implements app.ViewReader.
func (v *Views) Token(ctx context.Context, tokenID string) (app.TokenView, bool, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	t, ok := v.rows.tokens[tokenID]
	if !ok {
		return app.TokenView{ID: tokenID}, false, nil
	}
	return t, true, nil
}

// get decodes the view kept under id.
func get[T any](m map[string][]byte, id string) (T, bool, error) {
	var t T
	data, ok := m[id]
	if !ok {
		return t, false, nil
	}
	if err := json.Unmarshal(data, &t); err != nil {
		return t, false, fmt.Errorf("decode view %s: %w", id, err)
	}
	return t, true, nil
}

// pageIDs are m's ids after after, in order.
func pageIDs(m map[string][]byte, after string) []string {
	ids := slices.Sorted(maps.Keys(m))
	i, _ := slices.BinarySearch(ids, after)
	for i < len(ids) && ids[i] <= after {
		i++
	}
	return ids[i:]
}

// claimPageIDs are the claim ids after after, in app.CompareClaimIDs order.
func claimPageIDs(m map[string][]byte, after string) []string {
	ids := slices.SortedFunc(maps.Keys(m), app.CompareClaimIDs)
	i, _ := slices.BinarySearchFunc(ids, after, app.CompareClaimIDs)
	for i < len(ids) && app.CompareClaimIDs(ids[i], after) <= 0 {
		i++
	}
	return ids[i:]
}

// firstN is at most limit of ids; a negative limit is no limit, as in SQL.
func firstN(ids []string, limit int) []string {
	if limit >= 0 && len(ids) > limit {
		return ids[:limit]
	}
	return ids
}
