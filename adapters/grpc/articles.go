package grpcadapter

import (
	"context"

	"github.com/claimledger/claimledger/app"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// articleService serves claimledger.v1.ArticleService.
type articleService struct {
	pb.UnimplementedArticleServiceServer
	h *handlers
}

func (s *articleService) IngestArticle(ctx context.Context, req *pb.IngestArticleRequest) (*pb.IngestArticleResponse, error) {
	var p problems
	p.requestID(req.GetRequestId())
	p.required("title", req.GetTitle())
	p.required("body", req.GetBody())
	if err := p.err(); err != nil {
		return nil, err
	}
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	in, err := s.h.cfg.Commands.IngestArticle(ctx, a, app.IngestArticle{RequestID: req.GetRequestId(),
		Title: req.GetTitle(), Body: []byte(req.GetBody()), URL: req.GetUrl(), Published: req.GetPublished()})
	if err != nil {
		return nil, err
	}
	art, err := s.h.cfg.Queries.Article(ctx, in.ArticleID, in.Position)
	if viewsLag(err) {
		return ingestedWithoutViews(req, in), nil
	}
	if err != nil {
		return nil, err
	}
	resp := &pb.IngestArticleResponse{Article: articleToProto(art), Position: in.Position,
		AlreadyIngested: in.AlreadyIngested}
	// The views list claims by id, and "-100" sorts before "-11": put them
	// back in text order, which is the order of the ids the ingest made.
	byID := make(map[string]*pb.Claim, len(in.ClaimIDs))
	err = s.h.eachClaim(ctx, app.ClaimFilter{ArticleID: in.ArticleID}, in.Position, func(c *pb.Claim) error {
		byID[c.GetId()] = c
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, id := range in.ClaimIDs {
		if c, ok := byID[id]; ok {
			resp.Claims = append(resp.Claims, c)
		}
	}
	return resp, nil
}

func (s *articleService) GetArticle(ctx context.Context, req *pb.GetArticleRequest) (*pb.GetArticleResponse, error) {
	var p problems
	p.id("id", req.GetId())
	if err := p.err(); err != nil {
		return nil, err
	}
	art, err := s.h.cfg.Queries.Article(ctx, req.GetId(), req.GetMinPosition())
	if err != nil {
		return nil, err
	}
	out := articleToProto(art)
	if req.GetIncludeText() {
		if out.Text, err = s.h.cfg.Queries.ArticleText(ctx, req.GetId()); err != nil {
			return nil, err
		}
	}
	return &pb.GetArticleResponse{Article: out}, nil
}

func (s *articleService) ListArticles(ctx context.Context, req *pb.ListArticlesRequest) (*pb.ListArticlesResponse, error) {
	const filters = "articles"
	limit, err := s.h.pageSize(req.GetPageSize())
	if err != nil {
		return nil, err
	}
	after, err := afterID(req.GetPageToken(), filters)
	if err != nil {
		return nil, err
	}
	arts, err := s.h.cfg.Queries.Articles(ctx, after, limit+1, req.GetMinPosition())
	if err != nil {
		return nil, err
	}
	arts, next := page(arts, limit, func(a app.ArticleSummary) string { return a.ID }, filters)
	resp := &pb.ListArticlesResponse{NextPageToken: next}
	for _, a := range arts {
		resp.Articles = append(resp.Articles, articleToProto(a))
	}
	return resp, nil
}
