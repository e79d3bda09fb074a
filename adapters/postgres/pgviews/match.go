package pgviews

import (
	"context"
	"fmt"

	"github.com/claimledger/claimledger/app"
)

// Marks a claim may carry, for the filters (as sqliteviews marks them).
const (
	markSuggested    = "suggested"
	markCrossArticle = "cross_article"
)

// claimMarks are the marks of a claim's view.
func claimMarks(v app.ClaimView) []string {
	var marks []string
	if v.PendingMatches() {
		marks = append(marks, markSuggested)
	}
	if v.CrossArticle() {
		marks = append(marks, markCrossArticle)
	}
	return marks
}

// MatchCandidates implements app.ViewReader: of each key, the perKey
// smallest claim ids filed under it (one indexed range read per key, in
// one statement), then their views, each once, ordered by id.
func (v *Views) MatchCandidates(ctx context.Context, keys []string, perKey int) ([]app.ClaimView, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	q := "SELECT c.data FROM " + v.table("claim_views") + " c WHERE c.id IN (" +
		"SELECT m.claim_id FROM unnest($1::text[]) AS k(key) CROSS JOIN LATERAL (" +
		"SELECT claim_id FROM " + v.table("claim_match_keys") + " WHERE key = k.key ORDER BY claim_id LIMIT $2) m)" +
		" ORDER BY c.id"
	out, err := queryJSON[app.ClaimView](ctx, v, q, keys, perKey)
	if err != nil {
		return nil, fmt.Errorf("match candidates: %w", err)
	}
	return out, nil
}

// matchFilters adds the filter's match conditions on claim_views c.
func (v *Views) matchFilters(f app.ClaimFilter, q *query) {
	if f.HasSuggestions {
		q.where = append(q.where, "EXISTS (SELECT 1 FROM "+v.table("claim_marks")+" m WHERE m.mark = "+q.arg(markSuggested)+" AND m.claim_id = c.id)")
	}
	if f.CrossArticle {
		q.where = append(q.where, "EXISTS (SELECT 1 FROM "+v.table("claim_marks")+" m WHERE m.mark = "+q.arg(markCrossArticle)+" AND m.claim_id = c.id)")
	}
	if f.VerdictElsewhere != "" {
		q.where = append(q.where, "c.status IN ('extracted', 'under_review')",
			"EXISTS (SELECT 1 FROM "+v.table("claim_links")+" l JOIN "+v.table("claim_views")+" o ON o.id = l.other_id"+
				" WHERE l.claim_id = c.id AND o.status = "+q.arg(string(f.VerdictElsewhere))+")")
	}
}
