package sqliteviews

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
)

// Claim implements app.ViewReader.
func (v *Views) Claim(ctx context.Context, id string) (app.ClaimView, bool, error) {
	var c app.ClaimView
	ok, err := v.getJSON(ctx, "SELECT data FROM claim_views WHERE id = ?", id, &c)
	return c, ok, err
}

// Claims implements app.ViewReader.
func (v *Views) Claims(ctx context.Context, f app.ClaimFilter, after string, limit int) ([]app.ClaimView, error) {
	// The order of app.CompareClaimIDs, and its cursor.
	from, where, args := claimWhere(f, "claim_views c", []string{"(c.article_id, length(c.id), c.id) > (?, ?, ?)"},
		[]any{app.ArticleOfClaim(after), len(after), after})
	q := "SELECT c.data FROM " + from + " WHERE " + strings.Join(where, " AND ") + " ORDER BY c.article_id, length(c.id), c.id LIMIT ?"
	out, err := queryJSON[app.ClaimView](ctx, v, q, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	return out, nil
}

// CountClaims implements app.ViewReader. Claims without someone's vote are
// counted as all the claims less those with their vote: the first count
// reads an index, the second only that reviewer's votes, where testing
// each claim for a vote would read them all.
func (v *Views) CountClaims(ctx context.Context, f app.ClaimFilter) (int, error) {
	not := f.NotReviewer
	f.NotReviewer = ""
	n, err := v.count(ctx, f, "")
	if err != nil || not == "" {
		return n, err
	}
	voted, err := v.count(ctx, f, not)
	return n - voted, err
}

// count counts the claims f selects that voter ("" for anyone) voted on.
// A voter's count reads from their votes (CROSS JOIN keeps SQLite from
// scanning the claims instead), so it costs what they voted on.
func (v *Views) count(ctx context.Context, f app.ClaimFilter, voter string) (int, error) {
	base, args := "claim_views c", []any(nil)
	if voter != "" {
		base, args = "claim_voters n CROSS JOIN claim_views c ON c.id = n.claim_id AND n.reviewer = ?", []any{voter}
	}
	from, where, wargs := claimWhere(f, base, []string{"1"}, nil)
	var n int
	q := "SELECT count(*) FROM " + from + " WHERE " + strings.Join(where, " AND ")
	if err := v.rdb.QueryRowContext(ctx, q, append(args, wargs...)...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count claims: %w", err)
	}
	return n, nil
}

// claimWhere adds f to a query over from (claim_views c, perhaps joined):
// it returns the FROM clause with the joins f needs, and where and args
// with f's conditions; args are those of the added joins, then of where.
// The caller puts any argument of from's own first.
func claimWhere(f app.ClaimFilter, from string, where []string, args []any) (string, []string, []any) {
	if f.Reviewer != "" {
		from += " JOIN claim_voters r ON r.claim_id = c.id AND r.reviewer = ?"
		args = append([]any{f.Reviewer}, args...)
	}
	if f.NotReviewer != "" {
		where, args = append(where, "NOT EXISTS (SELECT 1 FROM claim_voters n WHERE n.reviewer = ? AND n.claim_id = c.id)"), append(args, f.NotReviewer)
	}
	if f.Status != "" {
		where, args = append(where, "c.status = ?"), append(args, string(f.Status))
	}
	if f.Kind != "" {
		where, args = append(where, "c.kind = ?"), append(args, f.Kind)
	}
	if f.ArticleID != "" {
		where, args = append(where, "c.article_id = ?"), append(args, f.ArticleID)
	}
	if f.Flagged != nil {
		where, args = append(where, "c.flagged = ?"), append(args, *f.Flagged)
	}
	where, args = matchFilters(f, where, args)
	return from, where, args
}

// Article implements app.ViewReader.
func (v *Views) Article(ctx context.Context, id string) (app.ArticleSummary, bool, error) {
	var a app.ArticleSummary
	ok, err := v.getJSON(ctx, "SELECT data FROM article_views WHERE id = ?", id, &a.ArticleView)
	if err != nil || !ok {
		return a, ok, err
	}
	a.Counts, err = v.counts(ctx, id)
	return a, true, err
}

// ArticleView implements app.ViewReader.
func (v *Views) ArticleView(ctx context.Context, id string) (app.ArticleView, bool, error) {
	var a app.ArticleView
	ok, err := v.getJSON(ctx, "SELECT data FROM article_views WHERE id = ?", id, &a)
	return a, ok, err
}

// Articles implements app.ViewReader.
func (v *Views) Articles(ctx context.Context, after string, limit int) ([]app.ArticleSummary, error) {
	views, err := queryJSON[app.ArticleView](ctx, v, "SELECT data FROM article_views WHERE id > ? ORDER BY id LIMIT ?", after, limit)
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
	rows, err := v.rdb.QueryContext(ctx, "SELECT status, count(*) FROM claim_views WHERE article_id = ? GROUP BY status", articleID)
	if err != nil {
		return nil, fmt.Errorf("count claims of %s: %w", articleID, err)
	}
	defer rows.Close()
	counts := map[claim.Status]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		counts[claim.Status(s)] = n
	}
	return counts, rows.Err()
}

// Reviewer implements app.ViewReader.
func (v *Views) Reviewer(ctx context.Context, id string) (app.ReviewerView, bool, error) {
	var r app.ReviewerView
	ok, err := v.getJSON(ctx, "SELECT data FROM reviewer_views WHERE id = ?", id, &r)
	if err != nil || !ok {
		return r, ok, err
	}
	return r, true, v.activity(ctx, &r)
}

// Reviewers implements app.ViewReader.
func (v *Views) Reviewers(ctx context.Context, after string, limit int) ([]app.ReviewerView, error) {
	out, err := queryJSON[app.ReviewerView](ctx, v, "SELECT data FROM reviewer_views WHERE id > ? ORDER BY id LIMIT ?", after, limit)
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
	err := v.rdb.QueryRowContext(ctx, "SELECT votes, retractions, last_active FROM reviewer_activity WHERE reviewer_id = ?", r.ID).Scan(&r.Votes, &r.Retractions, &last)
	if err == sql.ErrNoRows {
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
	err := v.rdb.QueryRowContext(ctx, "SELECT reviewer_id, hash, revoked FROM tokens WHERE token_id = ?", tokenID).Scan(&t.ReviewerID, &t.Hash, &t.Revoked)
	if err == sql.ErrNoRows {
		return t, false, nil
	}
	if err != nil {
		return t, false, fmt.Errorf("token %s: %w", tokenID, err)
	}
	return t, true, nil
}

func (v *Views) getJSON(ctx context.Context, q, id string, dst any) (bool, error) {
	var data []byte
	err := v.rdb.QueryRowContext(ctx, q, id).Scan(&data)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read view %s: %w", id, err)
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return false, fmt.Errorf("decode view %s: %w", id, err)
	}
	return true, nil
}

// queryJSON reads views kept whole as JSON in the first column of each row.
func queryJSON[T any](ctx context.Context, v *Views, q string, args ...any) ([]T, error) {
	rows, err := v.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		var t T
		if err := json.Unmarshal(data, &t); err != nil {
			return nil, fmt.Errorf("decode view: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
