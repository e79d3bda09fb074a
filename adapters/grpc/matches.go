package grpcadapter

import (
	"context"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/internal/viewpb"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

func (s *claimService) ListClaimMatches(ctx context.Context, req *pb.ListClaimMatchesRequest) (*pb.ListClaimMatchesResponse, error) {
	var p problems
	p.id("claim_id", req.GetClaimId())
	if err := p.err(); err != nil {
		return nil, err
	}
	v, others, err := s.h.cfg.Queries.Matches(ctx, req.GetClaimId(), req.GetMinPosition())
	if err != nil {
		return nil, err
	}
	resp := &pb.ListClaimMatchesResponse{}
	arts := s.h.articles()
	for i, m := range v.Matches {
		o, err := arts.claim(ctx, others[i])
		if err != nil {
			return nil, err
		}
		resp.Matches, resp.Others = append(resp.Matches, viewpb.Match(m)), append(resp.Others, o)
	}
	return resp, nil
}

func (s *claimService) AcceptMatch(ctx context.Context, req *pb.AcceptMatchRequest) (*pb.AcceptMatchResponse, error) {
	c, pos, ver, err := s.decideMatch(ctx, req.GetRequestId(), req.GetClaimId(), req.GetOtherClaimId(), req.ExpectedVersion, req.GetNote(), s.h.cfg.Commands.AcceptMatch)
	if err != nil {
		return nil, err
	}
	return &pb.AcceptMatchResponse{Claim: c, Position: pos, Version: ver}, nil
}

func (s *claimService) RejectMatch(ctx context.Context, req *pb.RejectMatchRequest) (*pb.RejectMatchResponse, error) {
	c, pos, ver, err := s.decideMatch(ctx, req.GetRequestId(), req.GetClaimId(), req.GetOtherClaimId(), req.ExpectedVersion, req.GetNote(), s.h.cfg.Commands.RejectMatch)
	if err != nil {
		return nil, err
	}
	return &pb.RejectMatchResponse{Claim: c, Position: pos, Version: ver}, nil
}

// decideMatch validates an accept or a reject and runs it.
func (s *claimService) decideMatch(ctx context.Context, requestID, id, other string, expected *uint64, note string,
	run func(context.Context, app.Actor, app.Mutation, string, string) (app.Written, error)) (*pb.Claim, uint64, uint64, error) {
	var p problems
	p.id("other_claim_id", other)
	if other != "" && other == id {
		p.add("other_claim_id", "must differ from claim_id")
	}
	a, m, err := mutation(ctx, &p, requestID, id, expected)
	if err != nil {
		return nil, 0, 0, err
	}
	w, err := run(ctx, a, m, other, note)
	return s.written(ctx, m.ClaimID, w, err)
}
