package pgviews

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/claimledger/claimledger/app"
	"github.com/jackc/pgx/v5"
)

// errMoved: the checkpoint is not where the projector read it (another
// process reset the views, or projected them): the transaction is rolled
// back and the projector reads the checkpoint again.
var errMoved = errors.New("the views' checkpoint moved under the projector")

// commit writes w and moves the checkpoint from one point of the log to
// another in one transaction on conn, the projector's connection, then
// notifies the other replicas. The checkpoint's compare and set comes
// first: it takes the checkpoint row's lock, so projection transactions
// and resets of every process serialize there. It returns the access
// version committed.
func (v *Views) commit(ctx context.Context, conn *pgx.Conn, w *viewTx, from, to sourcePoint) (uint64, error) {
	b := &pgx.Batch{}
	accessStep := 0
	if w.accessChanged {
		accessStep = 1
	}
	b.Queue("UPDATE "+v.table("views_source")+" SET position = $1, hash = $2, access = access + $3 WHERE id = 1 AND position = $4 AND hash = $5 RETURNING access",
		to.pos, to.hash, accessStep, from.pos, from.hash)
	if err := v.queueRows(b, w); err != nil {
		return 0, err
	}
	b.Queue("SELECT pg_notify($1, $2)", v.channel(), strconv.FormatUint(to.pos, 10))

	tx, err := conn.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("commit views: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	access, err := sendBatch(ctx, tx, b)
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("commit views: %w", err)
	}
	return access, nil
}

// sendBatch runs b in tx: the checkpoint's update (its access version
// returned), then every other statement.
func sendBatch(ctx context.Context, tx pgx.Tx, b *pgx.Batch) (uint64, error) {
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	var access uint64
	if err := br.QueryRow().Scan(&access); errors.Is(err, pgx.ErrNoRows) {
		return 0, errMoved
	} else if err != nil {
		return 0, fmt.Errorf("move views checkpoint: %w", err)
	}
	for i := 1; i < b.Len(); i++ {
		if _, err := br.Exec(); err != nil {
			return 0, fmt.Errorf("write views: %s: %w", b.QueuedQueries[i].SQL[:min(60, len(b.QueuedQueries[i].SQL))], err)
		}
	}
	return access, br.Close()
}

// queueRows queues the statements writing w's rows: one per table, the
// rows passed as arrays.
func (v *Views) queueRows(b *pgx.Batch, w *viewTx) error {
	var c struct{ ids, articles, kinds, statuses []string }
	var flagged []bool
	var data [][]byte
	var voters, keys, links, marks pairs
	err := w.claims.each(func(id string, cv app.ClaimView) error {
		js, err := jsonOf(cv)
		if err != nil {
			return err
		}
		c.ids, c.articles, c.kinds, c.statuses = append(c.ids, id), append(c.articles, cv.ArticleID), append(c.kinds, cv.Kind), append(c.statuses, string(cv.Status))
		flagged, data = append(flagged, cv.Flagged), append(data, js)
		for _, vote := range cv.Votes {
			voters.add(vote.Reviewer, id)
		}
		for _, k := range cv.MatchKeys {
			keys.add(k, id)
		}
		for _, o := range cv.Links {
			links.add(id, o)
		}
		for _, m := range claimMarks(cv) {
			marks.add(m, id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(c.ids) > 0 {
		b.Queue("INSERT INTO "+v.table("claim_views")+" (id, article_id, kind, status, flagged, data)"+
			" SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::bytea[])"+
			" ON CONFLICT (id) DO UPDATE SET article_id = excluded.article_id, kind = excluded.kind, status = excluded.status,"+
			" flagged = excluded.flagged, data = excluded.data", c.ids, c.articles, c.kinds, c.statuses, flagged, data)
		// A claim's voters, index keys, links and marks are replaced whole.
		for _, t := range []struct {
			table, cols string
			rows        pairs
		}{{"claim_voters", "reviewer, claim_id", voters}, {"claim_match_keys", "key, claim_id", keys},
			{"claim_links", "claim_id, other_id", links}, {"claim_marks", "mark, claim_id", marks}} {
			b.Queue("DELETE FROM "+v.table(t.table)+" WHERE claim_id = ANY($1::text[])", c.ids)
			if len(t.rows.a) > 0 {
				b.Queue("INSERT INTO "+v.table(t.table)+" ("+t.cols+") SELECT * FROM unnest($1::text[], $2::text[])", t.rows.a, t.rows.b)
			}
		}
	}
	if err := queueJSON(v, b, "article_views", &w.articles); err != nil {
		return err
	}
	if err := queueJSON(v, b, "reviewer_views", &w.reviewers); err != nil {
		return err
	}
	v.queueTokens(b, w)
	v.queueActivity(b, w)
	return nil
}

// pairs are the two columns of rows of a two-column table.
type pairs struct{ a, b []string }

func (p *pairs) add(a, b string) { p.a, p.b = append(p.a, a), append(p.b, b) }
