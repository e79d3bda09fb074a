package pgviews

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/jackc/pgx/v5"
)

// query is a WHERE clause being built, with its numbered arguments.
type query struct {
	where []string
	args  []any
}

// arg adds an argument and returns its placeholder.
func (q *query) arg(a any) string {
	q.args = append(q.args, a)
	return "$" + strconv.Itoa(len(q.args))
}

// Claim implements app.ViewReader.
func (v *Views) Claim(ctx context.Context, id string) (app.ClaimView, bool, error) {
	var c app.ClaimView
	ok, err := v.getJSON(ctx, "SELECT data FROM "+v.table("claim_views")+" WHERE id = $1", id, &c)
	return c, ok, err
}

// Claims implements app.ViewReader.
func (v *Views) Claims(ctx context.Context, f app.ClaimFilter, after string, limit int) ([]app.ClaimView, error) {
	var q query
	from := v.claimFrom(f, &q)
	// The order of app.CompareClaimIDs, and its cursor.
	q.where = append(q.where, "(c.article_id, length(c.id), c.id) > ("+q.arg(app.ArticleOfClaim(after))+", "+q.arg(len(after))+", "+q.arg(after)+")")
	v.claimWhere(f, &q)
	sql := "SELECT c.data FROM " + from + " WHERE " + strings.Join(q.where, " AND ") +
		" ORDER BY c.article_id, length(c.id), c.id LIMIT " + q.arg(limit)
	out, err := queryJSON[app.ClaimView](ctx, v, sql, q.args...)
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	return out, nil
}

// CountClaims implements app.ViewReader: how many claims Claims lists for f
// over all its pages.
func (v *Views) CountClaims(ctx context.Context, f app.ClaimFilter) (int, error) {
	q := query{where: []string{"true"}}
	from := v.claimFrom(f, &q)
	v.claimWhere(f, &q)
	var n int
	sql := "SELECT count(*) FROM " + from + " WHERE " + strings.Join(q.where, " AND ")
	if err := v.pool.QueryRow(ctx, sql, q.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count claims: %w", err)
	}
	return n, nil
}

// claimFrom is the FROM clause of a claim listing under f.
func (v *Views) claimFrom(f app.ClaimFilter, q *query) string {
	from := v.table("claim_views") + " c"
	if f.Reviewer != "" {
		from += " JOIN " + v.table("claim_voters") + " r ON r.claim_id = c.id AND r.reviewer = " + q.arg(f.Reviewer)
	}
	return from
}

// claimWhere adds f's conditions to q.
func (v *Views) claimWhere(f app.ClaimFilter, q *query) {
	if f.NotReviewer != "" {
		q.where = append(q.where, "NOT EXISTS (SELECT 1 FROM "+v.table("claim_voters")+" n WHERE n.reviewer = "+q.arg(f.NotReviewer)+" AND n.claim_id = c.id)")
	}
	if f.Status != "" {
		q.where = append(q.where, "c.status = "+q.arg(string(f.Status)))
	}
	if f.Kind != "" {
		q.where = append(q.where, "c.kind = "+q.arg(f.Kind))
	}
	if f.ArticleID != "" {
		q.where = append(q.where, "c.article_id = "+q.arg(f.ArticleID))
	}
	if f.Flagged != nil {
		q.where = append(q.where, "c.flagged = "+q.arg(*f.Flagged))
	}
	v.matchFilters(f, q)
}

// Article implements app.ViewReader.
func (v *Views) Article(ctx context.Context, id string) (app.ArticleSummary, bool, error) {
	var a app.ArticleSummary
	ok, err := v.getJSON(ctx, "SELECT data FROM "+v.table("article_views")+" WHERE id = $1", id, &a.ArticleView)
	if err != nil || !ok {
		return a, ok, err
	}
	a.Counts, err = v.counts(ctx, id)
	return a, true, err
}

// ArticleView implements app.ViewReader.
func (v *Views) ArticleView(ctx context.Context, id string) (app.ArticleView, bool, error) {
	var a app.ArticleView
	ok, err := v.getJSON(ctx, "SELECT data FROM "+v.table("article_views")+" WHERE id = $1", id, &a)
	return a, ok, err
}

// Articles implements app.ViewReader.
func (v *Views) Articles(ctx context.Context, after string, limit int) ([]app.ArticleSummary, error) {
	views, err := queryJSON[app.ArticleView](ctx, v, "SELECT data FROM "+v.table("article_views")+" WHERE id > $1 ORDER BY id LIMIT $2", after, limit)
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	out := make([]app.ArticleSummary, len(views))
	for i := range views {
		out[i].ArticleView = views[i]
		if out[i].Counts, err = v.counts(ctx, views[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// counts counts an article's claims by status.
func (v *Views) counts(ctx context.Context, articleID string) (map[claim.Status]int, error) {
	counts, err := v.countBy(ctx, "SELECT status, count(*) FROM "+v.table("claim_views")+" WHERE article_id = $1 GROUP BY status", articleID)
	if err != nil {
		return nil, fmt.Errorf("count claims of %s: %w", articleID, err)
	}
	out := make(map[claim.Status]int, len(counts))
	for s, n := range counts {
		out[claim.Status(s)] = n
	}
	return out, nil
}

// Reviewer implements app.ViewReader.
func (v *Views) Reviewer(ctx context.Context, id string) (app.ReviewerView, bool, error) {
	var r app.ReviewerView
	ok, err := v.getJSON(ctx, "SELECT data FROM "+v.table("reviewer_views")+" WHERE id = $1", id, &r)
	if err != nil || !ok {
		return r, ok, err
	}
	return r, true, v.activity(ctx, &r)
}

// Reviewers implements app.ViewReader.
func (v *Views) Reviewers(ctx context.Context, after string, limit int) ([]app.ReviewerView, error) {
	out, err := queryJSON[app.ReviewerView](ctx, v, "SELECT data FROM "+v.table("reviewer_views")+" WHERE id > $1 ORDER BY id LIMIT $2", after, limit)
	if err != nil {
		return nil, fmt.Errorf("list reviewers: %w", err)
	}
	for i := range out {
		if err := v.activity(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (v *Views) activity(ctx context.Context, r *app.ReviewerView) error {
	var last int64
	err := v.pool.QueryRow(ctx, "SELECT votes, retractions, last_active FROM "+v.table("reviewer_activity")+" WHERE reviewer_id = $1", r.ID).
		Scan(&r.Votes, &r.Retractions, &last)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("activity of %s: %w", r.ID, err)
	}
	r.LastActive = time.Unix(0, last).UTC()
	return nil
}

// Token implements app.ViewReader.
func (v *Views) Token(ctx context.Context, tokenID string) (app.TokenView, bool, error) {
	t := app.TokenView{ID: tokenID}
	err := v.pool.QueryRow(ctx, "SELECT reviewer_id, hash, revoked FROM "+v.table("tokens")+" WHERE token_id = $1", tokenID).
		Scan(&t.ReviewerID, &t.Hash, &t.Revoked)
	if errors.Is(err, pgx.ErrNoRows) {
		return t, false, nil
	}
	if err != nil {
		return t, false, fmt.Errorf("token %s: %w", tokenID, err)
	}
	return t, true, nil
}

// getJSON reads the view kept as JSON under id into dst; false when there
// is none.
func (v *Views) getJSON(ctx context.Context, q, id string, dst any) (bool, error) {
	rows, _ := v.pool.Query(ctx, q, id) // an error surfaces in CollectOneRow
	data, err := pgx.CollectOneRow(rows, pgx.RowTo[[]byte])
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("read view %s: %w", id, err)
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return false, fmt.Errorf("decode view %s: %w", id, err)
	}
	return true, nil
}

// queryJSON reads views kept whole as JSON in the first column of each
// row; none is a nil slice, as the other adapters give.
func queryJSON[T any](ctx context.Context, v *Views, q string, args ...any) ([]T, error) {
	rows, _ := v.pool.Query(ctx, q, args...) // an error surfaces in AppendRows
	return pgx.AppendRows([]T(nil), rows, func(row pgx.CollectableRow) (T, error) {
		var t T
		var data []byte
		if err := row.Scan(&data); err != nil {
			return t, err
		}
		if err := json.Unmarshal(data, &t); err != nil {
			return t, fmt.Errorf("decode view: %w", err)
		}
		return t, nil
	})
}
