package sqliteviews

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/claimledger/claimledger/app"
)

// Marks a claim may carry, for the filters.
const (
	markSuggested    = "suggested"
	markCrossArticle = "cross_article"
)

// writeMatches replaces the claim's rows in the match index, its links and
// its marks.
func (w *viewTx) writeMatches(ctx context.Context, v app.ClaimView) error {
	for _, table := range []string{"claim_match_keys", "claim_links", "claim_marks"} {
		if _, err := w.tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE claim_id = ?", v.ID); err != nil {
			return fmt.Errorf("put %s of %s: %w", table, v.ID, err)
		}
	}
	for _, k := range v.MatchKeys {
		if _, err := w.tx.ExecContext(ctx, "INSERT INTO claim_match_keys (key, claim_id) VALUES (?, ?)", k, v.ID); err != nil {
			return fmt.Errorf("put match keys of %s: %w", v.ID, err)
		}
	}
	for _, o := range v.Links {
		if _, err := w.tx.ExecContext(ctx, "INSERT INTO claim_links (claim_id, other_id) VALUES (?, ?)", v.ID, o); err != nil {
			return fmt.Errorf("put links of %s: %w", v.ID, err)
		}
	}
	var marks []string
	if v.PendingMatches() {
		marks = append(marks, markSuggested)
	}
	if v.CrossArticle() {
		marks = append(marks, markCrossArticle)
	}
	for _, m := range marks {
		if _, err := w.tx.ExecContext(ctx, "INSERT INTO claim_marks (mark, claim_id) VALUES (?, ?)", m, v.ID); err != nil {
			return fmt.Errorf("put marks of %s: %w", v.ID, err)
		}
	}
	return nil
}

// MatchCandidates implements app.ViewReader: one indexed range read per
// key, of at most perKey rows.
func (v *Views) MatchCandidates(ctx context.Context, keys []string, perKey int) ([]app.ClaimView, error) {
	var ids []string
	for _, k := range keys {
		rows, err := v.rdb.QueryContext(ctx, "SELECT claim_id FROM claim_match_keys WHERE key = ? ORDER BY claim_id LIMIT ?", k, perKey)
		if err != nil {
			return nil, fmt.Errorf("match candidates: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("match candidates: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("match candidates: %w", err)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	q := "SELECT data FROM claim_views WHERE id IN (?" + strings.Repeat(", ?", len(ids)-1) + ") ORDER BY id"
	out, err := queryJSON[app.ClaimView](ctx, v, q, args...)
	if err != nil {
		return nil, fmt.Errorf("match candidates: %w", err)
	}
	return out, nil
}

// matchFilters adds the filter's match conditions on claim_views c.
func matchFilters(f app.ClaimFilter, where []string, args []any) ([]string, []any) {
	if f.HasSuggestions {
		where, args = append(where, "EXISTS (SELECT 1 FROM claim_marks m WHERE m.mark = ? AND m.claim_id = c.id)"), append(args, markSuggested)
	}
	if f.CrossArticle {
		where, args = append(where, "EXISTS (SELECT 1 FROM claim_marks m WHERE m.mark = ? AND m.claim_id = c.id)"), append(args, markCrossArticle)
	}
	if f.VerdictElsewhere != "" {
		where = append(where, "c.status IN ('extracted', 'under_review')",
			"EXISTS (SELECT 1 FROM claim_links l JOIN claim_views o ON o.id = l.other_id WHERE l.claim_id = c.id AND o.status = ?)")
		args = append(args, string(f.VerdictElsewhere))
	}
	return where, args
}

// predatesMatchIndex says whether db holds claim views made before the
// match index existed.
func predatesMatchIndex(ctx context.Context, db *sql.DB) (bool, error) {
	var views, index int
	err := db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'claim_views'),
		(SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'claim_match_keys')`).Scan(&views, &index)
	if err != nil {
		return false, fmt.Errorf("read views schema: %w", err)
	}
	return views == 1 && index == 0, nil
}
