package pgviews

import (
	"context"
	"encoding/json"
	"time"

	"github.com/claimledger/claimledger/app"
)

// viewTx is one projection transaction, gathered in memory: only the last
// view of each claim, article and reviewer is kept, and a reviewer's
// activity is summed, so that commit writes each table with one statement
// (rows passed as arrays) however many events the transaction holds. An
// event that fails to project drops the whole viewTx before anything
// reaches the database.
type viewTx struct {
	claims    ordered[app.ClaimView]
	articles  ordered[app.ArticleView]
	reviewers ordered[app.ReviewerView]
	activity  ordered[activity]
	// accessChanged: a reviewer or a token changed; the commit moves the
	// access version.
	accessChanged bool
}

// activity is a reviewer's activity gathered in one transaction.
type activity struct {
	votes, retractions int64
	last               time.Time
}

var _ app.ViewWriter = (*viewTx)(nil)

func newViewTx() *viewTx {
	return &viewTx{claims: newOrdered[app.ClaimView](), articles: newOrdered[app.ArticleView](),
		reviewers: newOrdered[app.ReviewerView](), activity: newOrdered[activity]()}
}

func (w *viewTx) PutClaim(_ context.Context, v app.ClaimView) error {
	w.claims.put(v.ID, v)
	return nil
}

func (w *viewTx) PutArticle(_ context.Context, v app.ArticleView) error {
	w.articles.put(v.ID, v)
	return nil
}

func (w *viewTx) PutReviewer(_ context.Context, v app.ReviewerView) error {
	w.accessChanged = true
	w.reviewers.put(v.ID, v)
	return nil
}

func (w *viewTx) AddActivity(_ context.Context, reviewerID string, votes, retractions int, at time.Time) error {
	a := w.activity.byID[reviewerID]
	a.votes += int64(votes)
	a.retractions += int64(retractions)
	if at.After(a.last) {
		a.last = at
	}
	w.activity.put(reviewerID, a)
	return nil
}

// empty says whether the transaction changes no view (its events were of
// no view's concern): only the checkpoint moves.
func (w *viewTx) empty() bool {
	return len(w.claims.ids)+len(w.articles.ids)+len(w.reviewers.ids)+len(w.activity.ids) == 0
}

// ordered keeps the last value put under each id, and the ids in the order
// first put, so that the rows are written in a deterministic order.
type ordered[T any] struct {
	byID map[string]T
	ids  []string
}

func newOrdered[T any]() ordered[T] { return ordered[T]{byID: map[string]T{}} }

func (o *ordered[T]) put(id string, v T) {
	if _, ok := o.byID[id]; !ok {
		o.ids = append(o.ids, id)
	}
	o.byID[id] = v
}

// each calls f with every value, in the order first put.
func (o *ordered[T]) each(f func(id string, v T) error) error {
	for _, id := range o.ids {
		if err := f(id, o.byID[id]); err != nil {
			return err
		}
	}
	return nil
}

// jsonOf encodes a view as its rows keep it.
func jsonOf(v any) ([]byte, error) { return json.Marshal(v) }
