package pgviews

import (
	"github.com/claimledger/claimledger/app"
	"github.com/jackc/pgx/v5"
)

// queueJSON queues the upsert of views kept whole as JSON under their id.
// The table name is one of ours, never input.
func queueJSON[T any](v *Views, b *pgx.Batch, table string, views *ordered[T]) error {
	var ids []string
	var data [][]byte
	err := views.each(func(id string, view T) error {
		js, err := jsonOf(view)
		ids, data = append(ids, id), append(data, js)
		return err
	})
	if err != nil || len(ids) == 0 {
		return err
	}
	b.Queue("INSERT INTO "+v.table(table)+" (id, data) SELECT * FROM unnest($1::text[], $2::bytea[])"+
		" ON CONFLICT (id) DO UPDATE SET data = excluded.data", ids, data)
	return nil
}

// queueTokens queues the upsert of the tokens of the reviewers written.
func (v *Views) queueTokens(b *pgx.Batch, w *viewTx) {
	toks := newOrdered[app.TokenView]()
	w.reviewers.each(func(_ string, r app.ReviewerView) error {
		for _, t := range r.Tokens {
			toks.put(t.ID, t)
		}
		return nil
	})
	if len(toks.ids) == 0 {
		return
	}
	var reviewers, hashes []string
	var revoked []bool
	toks.each(func(_ string, t app.TokenView) error {
		reviewers, hashes, revoked = append(reviewers, t.ReviewerID), append(hashes, t.Hash), append(revoked, t.Revoked)
		return nil
	})
	b.Queue("INSERT INTO "+v.table("tokens")+" (token_id, reviewer_id, hash, revoked)"+
		" SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[])"+
		" ON CONFLICT (token_id) DO UPDATE SET reviewer_id = excluded.reviewer_id, hash = excluded.hash, revoked = excluded.revoked",
		toks.ids, reviewers, hashes, revoked)
}

// queueActivity queues the addition of the transaction's activity to the
// reviewers' counts.
func (v *Views) queueActivity(b *pgx.Batch, w *viewTx) {
	if len(w.activity.ids) == 0 {
		return
	}
	var votes, retractions, last []int64
	w.activity.each(func(_ string, a activity) error {
		votes, retractions, last = append(votes, a.votes), append(retractions, a.retractions), append(last, a.last.UnixNano())
		return nil
	})
	b.Queue("INSERT INTO "+v.table("reviewer_activity")+" AS a (reviewer_id, votes, retractions, last_active)"+
		" SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[])"+
		" ON CONFLICT (reviewer_id) DO UPDATE SET votes = a.votes + excluded.votes, retractions = a.retractions + excluded.retractions,"+
		" last_active = GREATEST(a.last_active, excluded.last_active)", w.activity.ids, votes, retractions, last)
}
