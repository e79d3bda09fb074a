package grpcadapter

import (
	"context"
	"errors"
	"fmt"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/internal/viewpb"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// articles looks up the article of each claim once per call: a claim
// message carries its article's title, url and date, and a page of claims
// usually comes from a handful of articles.
type articles struct {
	q    *app.Queries
	seen map[string]app.ArticleView
}

func (h *handlers) articles() *articles {
	return &articles{q: h.cfg.Queries, seen: map[string]app.ArticleView{}}
}

func (a *articles) of(ctx context.Context, id string) (app.ArticleView, error) {
	if v, ok := a.seen[id]; ok {
		return v, nil
	}
	s, err := a.q.ArticleView(ctx, id)
	if err != nil && !errors.Is(err, app.ErrNotFound) {
		return app.ArticleView{}, fmt.Errorf("article of claim: %w", err)
	}
	// An ingest records the claims and then the article in one append, but
	// the views may apply them in two transactions: a claim can briefly lack
	// its article, and is still worth returning without the article's fields.
	a.seen[id] = s
	return s, nil
}

func (a *articles) claim(ctx context.Context, v app.ClaimView) (*pb.Claim, error) {
	art, err := a.of(ctx, v.ArticleID)
	if err != nil {
		return nil, err
	}
	return viewpb.Claim(v, art), nil
}

// claim reads one claim view, once the views include minPosition.
func (h *handlers) claim(ctx context.Context, id string, minPosition uint64) (*pb.Claim, error) {
	v, err := h.cfg.Queries.Claim(ctx, id, minPosition)
	if err != nil {
		return nil, err
	}
	return h.articles().claim(ctx, v)
}

// eachClaim streams every claim matching f, in id order, a page at a time.
func (h *handlers) eachClaim(ctx context.Context, f app.ClaimFilter, minPosition uint64, fn func(*pb.Claim) error) error {
	return h.cfg.Queries.EachClaim(ctx, f, h.cfg.MaxPageSize, minPosition, func(v app.ClaimView, a app.ArticleView) error {
		return fn(viewpb.Claim(v, a))
	})
}
