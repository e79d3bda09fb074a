package sqliteviews

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/app"
)

// viewTx is one projection transaction. Claim views and reviewer activity
// are gathered and written once per transaction, when it is about to commit
// (flush): a review records two events on its claim, and a backlog holds
// many events per claim and per reviewer, but only the last view of a claim
// and the sum of a reviewer's activity are kept. Articles and reviewers are
// rare and written at once.
type viewTx struct {
	tx *sql.Tx
	v  *Views

	claims   map[string]app.ClaimView
	claimIDs []string // in the order first seen, so writes are deterministic
	activity map[string]*activity
	actors   []string
}

// activity is a reviewer's activity gathered in one transaction.
type activity struct {
	votes, retractions int
	last               time.Time
}

var _ app.ViewWriter = (*viewTx)(nil)

func newViewTx(tx *sql.Tx, v *Views) *viewTx {
	return &viewTx{tx: tx, v: v, claims: map[string]app.ClaimView{}, activity: map[string]*activity{}}
}

func (w *viewTx) PutClaim(_ context.Context, v app.ClaimView) error {
	if _, ok := w.claims[v.ID]; !ok {
		w.claimIDs = append(w.claimIDs, v.ID)
	}
	w.claims[v.ID] = v
	return nil
}

func (w *viewTx) AddActivity(_ context.Context, reviewerID string, votes, retractions int, at time.Time) error {
	a, ok := w.activity[reviewerID]
	if !ok {
		a = &activity{}
		w.activity[reviewerID] = a
		w.actors = append(w.actors, reviewerID)
	}
	a.votes += votes
	a.retractions += retractions
	if at.After(a.last) {
		a.last = at
	}
	return nil
}

func (w *viewTx) PutArticle(ctx context.Context, v app.ArticleView) error {
	return w.putJSON(ctx, "article_views", v.ID, v)
}

func (w *viewTx) PutReviewer(ctx context.Context, v app.ReviewerView) error {
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

// flush writes what the transaction gathered.
func (w *viewTx) flush(ctx context.Context) error {
	for _, id := range w.claimIDs {
		if err := w.writeClaim(ctx, w.claims[id]); err != nil {
			return err
		}
	}
	for _, id := range w.actors {
		a := w.activity[id]
		_, err := w.tx.ExecContext(ctx, `INSERT INTO reviewer_activity (reviewer_id, votes, retractions, last_active) VALUES (?, ?, ?, ?)
			ON CONFLICT (reviewer_id) DO UPDATE SET votes = votes + excluded.votes, retractions = retractions + excluded.retractions,
			last_active = max(last_active, excluded.last_active)`, id, a.votes, a.retractions, a.last.UnixNano())
		if err != nil {
			return fmt.Errorf("add activity of %s: %w", id, err)
		}
	}
	return nil
}

func (w *viewTx) writeClaim(ctx context.Context, v app.ClaimView) error {
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
	return w.writeMatches(ctx, v)
}

// putJSON upserts a view kept whole as JSON under its id. The table name is
// one of ours, never input.
func (w *viewTx) putJSON(ctx context.Context, table, id string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := w.tx.ExecContext(ctx, "INSERT INTO "+table+" (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data", id, data); err != nil {
		return fmt.Errorf("put %s %s: %w", table, id, err)
	}
	return nil
}
