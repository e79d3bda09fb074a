package app

import (
	"context"
	"fmt"

	"github.com/claimledger/claimledger/domain/article"
	"github.com/claimledger/claimledger/domain/claim"
)

// An article's claims are numbered densely from 01 (claimID): ingest
// records 01..n, and every claim added later, by hand or by a
// re-extraction, takes the first free number. That makes the first free
// number a lock on the whole set: a command that read the claims up to it
// and appends there expecting a new stream fails if any claim was added
// since, and then reads again. So a duplicate check cannot race an add.

// articleState is an ingested article and its claims as recorded.
type articleState struct {
	article *article.Article
	claims  []*claim.Claim // in id order
	next    string         // the id the next claim takes
}

// loadArticle reads an article and its claims; fresh skips the cache of
// claim streams (after losing a race).
func (c *Commands) loadArticle(ctx context.Context, articleID string, fresh bool) (*articleState, error) {
	if err := claim.ID(articleID).Validate(); err != nil {
		return nil, relabel(err, "article_id")
	}
	history, _, err := c.load(ctx, articleStream(articleID))
	if err != nil {
		return nil, err
	}
	if len(history) == 0 {
		return nil, notFound("article", articleID)
	}
	a, err := article.FromHistory(history)
	if err != nil {
		return nil, err
	}
	as := &articleState{article: a}
	for i := 0; ; i++ {
		id := claimID(articleID, i)
		st, err := c.peek(ctx, claimStream(id), fresh)
		if err != nil {
			return nil, err
		}
		if len(st.history) == 0 {
			as.next = id
			return as, nil
		}
		cl, err := st.claim()
		if err != nil {
			return nil, err
		}
		as.claims = append(as.claims, cl)
	}
}

// room refuses adding claims that would take the article past
// article.MaxClaims, the bound ingest holds it to.
func (as *articleState) room(adding int) error {
	if n := len(as.claims) + adding; n > article.MaxClaims {
		return fmt.Errorf("%w: article %s would hold %d claims, at most %d", ErrArticleFull, as.article.ID(), n, article.MaxClaims)
	}
	return nil
}

// live finds a claim other than except with the same kind and span that is
// not dismissed.
func (as *articleState) live(kind string, s claim.Span, except claim.ID) *claim.Claim {
	for _, cl := range as.claims {
		start, end := cl.Span()
		if cl.ID() != except && cl.Status() != claim.StatusDismissed && cl.Kind() == kind &&
			cl.Part() == s.Part && start == s.Start && end == s.End {
			return cl
		}
	}
	return nil
}

// duplicate is the error for a span and kind a live claim already has.
func duplicate(cl *claim.Claim) error {
	return fmt.Errorf("%w: claim %s is this %s: %q", ErrClaimExists, cl.ID(), cl.Kind(), cl.Text())
}

// relabel names the field an id check complained about as the request's.
func relabel(err error, field string) error {
	if fe, ok := err.(*claim.FieldError); ok {
		return &claim.FieldError{Field: field, Problem: fe.Problem}
	}
	return err
}

// peek is a stream's state without holding its lock: the cached one, or
// when fresh or not cached, read from the store and not cached, since
// only a command holding the stream's lock may tell the cache what the
// stream is (a read racing that command's append could otherwise leave
// an older state behind it).
func (c *Commands) peek(ctx context.Context, stream string, fresh bool) (*streamState, error) {
	if !fresh {
		if st, ok := c.states.get(stream); ok {
			return st, nil
		}
	}
	return loadStream(ctx, c.store, c.reg, stream, 0)
}
