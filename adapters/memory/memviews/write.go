package memviews

import (
	"context"
	"encoding/json"
	"time"

	"github.com/claimledger/claimledger/app"
)

// viewTx is one projection transaction: its writes wait here and reach the
// views only at commit, all at once, with the position they bring the
// views to. Dropping it leaves the views as they were.
type viewTx struct {
	w             rows
	accessChanged bool
}

var _ app.ViewWriter = (*viewTx)(nil)

func newViewTx() *viewTx { return &viewTx{w: emptyRows()} }

func (t *viewTx) PutClaim(_ context.Context, c app.ClaimView) error {
	t.w.index.byClaim[c.ID] = c.MatchKeys
	return putJSON(t.w.claims, c.ID, c)
}

func (t *viewTx) PutArticle(_ context.Context, a app.ArticleView) error {
	return putJSON(t.w.articles, a.ID, a)
}

func (t *viewTx) PutReviewer(_ context.Context, r app.ReviewerView) error {
	t.accessChanged = true
	for _, tok := range r.Tokens {
		t.w.tokens[tok.ID] = tok
	}
	return putJSON(t.w.reviewers, r.ID, r)
}

func (t *viewTx) AddActivity(_ context.Context, reviewerID string, votes, retractions int, at time.Time) error {
	t.w.activity[reviewerID] = t.w.activity[reviewerID].plus(activity{votes: votes, retractions: retractions, last: at})
	return nil
}

func putJSON(m map[string][]byte, id string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	m[id] = data
	return nil
}

// commit applies the transaction's writes and moves the views to position.
func (v *Views) commit(t *viewTx, position uint64) {
	v.mu.Lock()
	for _, m := range [][2]map[string][]byte{{v.rows.claims, t.w.claims}, {v.rows.articles, t.w.articles}, {v.rows.reviewers, t.w.reviewers}} {
		for id, data := range m[1] {
			m[0][id] = data
		}
	}
	for id, keys := range t.w.index.byClaim {
		v.rows.index.file(id, keys)
	}
	for id, tok := range t.w.tokens {
		v.rows.tokens[id] = tok
	}
	for id, add := range t.w.activity {
		v.rows.activity[id] = v.rows.activity[id].plus(add)
	}
	v.mu.Unlock()
	if t.accessChanged {
		v.access.Add(1)
	}
	v.applied.Set(position)
}

// plus adds b's counts to a's and keeps the later of their times.
func (a activity) plus(b activity) activity {
	a.votes += b.votes
	a.retractions += b.retractions
	if b.last.After(a.last) {
		a.last = b.last
	}
	return a
}
