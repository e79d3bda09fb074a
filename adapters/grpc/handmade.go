package grpcadapter

import (
	"context"

	"github.com/claimledger/claimledger/app"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

func (s *claimService) AddClaim(ctx context.Context, req *pb.AddClaimRequest) (*pb.AddClaimResponse, error) {
	var p problems
	p.requestID(req.GetRequestId())
	p.id("article_id", req.GetArticleId())
	p.knownEnum("kind", int32(req.GetKind()), pb.ClaimKind_name)
	if req.GetKind() == pb.ClaimKind_CLAIM_KIND_UNSPECIFIED {
		p.add("kind", "required")
	}
	if req.GetText() == "" && req.Start == nil && req.End == nil {
		p.add("text", "required unless start and end are set")
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	w, err := s.h.cfg.Commands.AddClaim(ctx, a, app.AddClaim{RequestID: req.GetRequestId(), ArticleID: req.GetArticleId(),
		Kind: kindFromProto(req.GetKind()), Text: req.GetText(), Start: offset(req.Start), End: offset(req.End), Note: req.GetNote()})
	if err != nil {
		return nil, err
	}
	c, pos, ver, err := s.written(ctx, app.ClaimOfStream(w.StreamID), w, nil)
	if err != nil {
		return nil, err
	}
	if c.GetArticleId() != req.GetArticleId() { // a request_id first used to add to another article
		return nil, sameStream("article-"+c.GetArticleId(), "article-"+req.GetArticleId())
	}
	return &pb.AddClaimResponse{Claim: c, Position: pos, Version: ver}, nil
}

func (s *claimService) CorrectClaim(ctx context.Context, req *pb.CorrectClaimRequest) (*pb.CorrectClaimResponse, error) {
	var p problems
	p.knownEnum("kind", int32(req.GetKind()), pb.ClaimKind_name)
	if req.GetKind() == pb.ClaimKind_CLAIM_KIND_UNSPECIFIED && req.GetText() == "" && req.Start == nil && req.End == nil {
		p.add("kind", "give a kind, a span or both: nothing to correct")
	}
	a, m, err := mutation(ctx, &p, req.GetRequestId(), req.GetClaimId(), req.ExpectedVersion)
	if err != nil {
		return nil, err
	}
	w, err := s.h.cfg.Commands.CorrectClaim(ctx, a, m, app.Correction{Kind: kindFromProto(req.GetKind()),
		Text: req.GetText(), Start: offset(req.Start), End: offset(req.End), Note: req.GetNote()})
	c, pos, ver, err := s.written(ctx, m.ClaimID, w, err)
	if err != nil {
		return nil, err
	}
	return &pb.CorrectClaimResponse{Claim: c, Position: pos, Version: ver}, nil
}

// offset is an optional wire offset as the app takes it.
func offset(o *uint32) *int {
	if o == nil {
		return nil
	}
	i := int(*o)
	return &i
}
