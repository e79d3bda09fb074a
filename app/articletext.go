package app

import (
	"context"

	"github.com/claimledger/claimledger/domain/article"
)

// ArticleText is an article's text as ingested (headline, line break,
// body), read from the log: the views keep no bodies, and claim offsets
// given to AddClaim count into this text.
func (q *Queries) ArticleText(ctx context.Context, id string) (string, error) {
	st, err := loadStream(ctx, q.store, q.reg, articleStream(id), 0)
	if err != nil {
		return "", err
	}
	if len(st.history) == 0 {
		return "", notFound("article", id)
	}
	a, err := article.FromHistory(st.history)
	if err != nil {
		return "", err
	}
	return a.Text(), nil
}
