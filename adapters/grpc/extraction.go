package grpcadapter

import (
	"context"
	"fmt"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/internal/viewpb"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

func (s *claimService) GetExtractionStats(ctx context.Context, req *pb.GetExtractionStatsRequest) (*pb.GetExtractionStatsResponse, error) {
	stats, err := s.h.cfg.Queries.ExtractionStats(ctx, req.GetMinPosition())
	if err != nil {
		return nil, err
	}
	resp := &pb.GetExtractionStatsResponse{}
	for _, st := range stats {
		row := &pb.ExtractionStat{ExtractorVersion: st.Version, Kind: viewpb.Kind(st.Kind),
			Extracted: uint32(st.Extracted), DismissedNotAClaim: uint32(st.NotAClaim),
			Corrected: uint32(st.Corrected), Added: uint32(st.Added)}
		if p, ok := st.Precision(); ok {
			row.Precision = &p
		}
		if r, ok := st.Recall(); ok {
			row.Recall = &r
		}
		resp.Stats = append(resp.Stats, row)
	}
	return resp, nil
}

func (s *articleService) ReextractArticles(ctx context.Context, req *pb.ReextractArticlesRequest) (*pb.ReextractArticlesResponse, error) {
	var p problems
	p.requestID(req.GetRequestId())
	switch {
	case req.GetAll() && len(req.GetArticleIds()) > 0:
		p.add("article_ids", "set these or all, not both")
	case !req.GetAll() && len(req.GetArticleIds()) == 0:
		p.add("article_ids", "required unless all is set")
	}
	for i, id := range req.GetArticleIds() {
		p.id(fmt.Sprintf("article_ids[%d]", i), id)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	ids := req.GetArticleIds()
	if req.GetAll() {
		if ids, err = s.allArticles(ctx); err != nil {
			return nil, err
		}
	}
	out, err := s.h.cfg.Commands.Reextract(ctx, a, app.Reextract{RequestID: req.GetRequestId(), ArticleIDs: ids, DryRun: req.GetDryRun()})
	if err != nil {
		return nil, err
	}
	resp := &pb.ReextractArticlesResponse{ExtractorVersion: out.Version, Position: out.Position, Articles: uint32(len(ids))}
	for _, ch := range out.Changes {
		c := &pb.ReextractChange{ArticleId: ch.ArticleID, ClaimId: ch.ClaimID, Kind: viewpb.Kind(ch.Kind), Text: ch.Text,
			Part: pb.ClaimPart(pb.ClaimPart_value[viewpb.EnumName("CLAIM_PART_", ch.Part)]), Start: uint32(ch.Start), End: uint32(ch.End),
			Action: pb.ReextractChange_ACTION_ADD}
		if ch.Action == "correct" {
			c.Action, c.FromKind, c.FromText = pb.ReextractChange_ACTION_CORRECT, viewpb.Kind(ch.FromKind), ch.FromText
		}
		resp.Changes = append(resp.Changes, c)
	}
	return resp, nil
}

// allArticles lists every ingested article's id, from the views once they
// include everything acknowledged before the call.
func (s *articleService) allArticles(ctx context.Context) ([]string, error) {
	var ids []string
	after := ""
	for {
		page, err := s.h.cfg.Queries.Articles(ctx, after, s.h.cfg.MaxPageSize, 0)
		if err != nil {
			return nil, err
		}
		for _, a := range page {
			ids = append(ids, a.ID)
		}
		if len(page) < s.h.cfg.MaxPageSize {
			return ids, nil
		}
		after = page[len(page)-1].ID
	}
}
