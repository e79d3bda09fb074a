package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/app"
)

// viewTx writes views inside the projector's transaction.
type viewTx struct {
	tx *sql.Tx
	v  *Views
}

var _ app.ViewWriter = viewTx{}

func (w viewTx) PutClaim(ctx context.Context, v app.ClaimView) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := w.tx.ExecContext(ctx, `INSERT INTO claim_views (id, article_id, kind, status, flagged, data) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET article_id = excluded.article_id, kind = excluded.kind, status = excluded.status,
		flagged = excluded.flagged, data = excluded.data`, v.ID, v.ArticleID, v.Kind, string(v.Status), v.Flagged, data); err != nil {
		return fmt.Errorf("put claim view %s: %w", v.ID, err)
	}
	if _, err := w.tx.ExecContext(ctx, "DELETE FROM claim_voters WHERE claim_id = ?", v.ID); err != nil {
		return fmt.Errorf("put voters of %s: %w", v.ID, err)
	}
	for _, vote := range v.Votes {
		if _, err := w.tx.ExecContext(ctx, "INSERT INTO claim_voters (reviewer, claim_id) VALUES (?, ?)", vote.Reviewer, v.ID); err != nil {
			return fmt.Errorf("put voters of %s: %w", v.ID, err)
		}
	}
	return nil
}

func (w viewTx) PutArticle(ctx context.Context, v app.ArticleView) error {
	return w.putJSON(ctx, "article_views", v.ID, v)
}

func (w viewTx) PutReviewer(ctx context.Context, v app.ReviewerView) error {
	w.v.accessChanged()
	if err := w.putJSON(ctx, "reviewer_views", v.ID, v); err != nil {
		return err
	}
	for _, t := range v.Tokens {
		if _, err := w.tx.ExecContext(ctx, `INSERT INTO tokens (token_id, reviewer_id, hash, revoked) VALUES (?, ?, ?, ?)
			ON CONFLICT (token_id) DO UPDATE SET reviewer_id = excluded.reviewer_id, hash = excluded.hash, revoked = excluded.revoked`,
			t.ID, t.ReviewerID, t.Hash, t.Revoked); err != nil {
			return fmt.Errorf("put token %s: %w", t.ID, err)
		}
	}
	return nil
}

func (w viewTx) AddActivity(ctx context.Context, reviewerID string, votes, retractions int, at time.Time) error {
	_, err := w.tx.ExecContext(ctx, `INSERT INTO reviewer_activity (reviewer_id, votes, retractions, last_active) VALUES (?, ?, ?, ?)
		ON CONFLICT (reviewer_id) DO UPDATE SET votes = votes + excluded.votes, retractions = retractions + excluded.retractions,
		last_active = max(last_active, excluded.last_active)`, reviewerID, votes, retractions, at.UnixNano())
	if err != nil {
		return fmt.Errorf("add activity of %s: %w", reviewerID, err)
	}
	return nil
}

// putJSON upserts a view kept whole as JSON under its id. The table name is
// one of ours, never input.
func (w viewTx) putJSON(ctx context.Context, table, id string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := w.tx.ExecContext(ctx, "INSERT INTO "+table+" (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data", id, data); err != nil {
		return fmt.Errorf("put %s %s: %w", table, id, err)
	}
	return nil
}
