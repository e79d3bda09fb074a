package grpcadapter

import (
	"context"
	"fmt"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// claimService serves claimledger.v1.ClaimService.
type claimService struct {
	pb.UnimplementedClaimServiceServer
	h *handlers
}

func (s *claimService) GetClaim(ctx context.Context, req *pb.GetClaimRequest) (*pb.GetClaimResponse, error) {
	var p problems
	p.id("id", req.GetId())
	if err := p.err(); err != nil {
		return nil, err
	}
	c, err := s.h.claim(ctx, req.GetId(), req.GetMinPosition())
	if err != nil {
		return nil, err
	}
	return &pb.GetClaimResponse{Claim: c}, nil
}

func (s *claimService) ListClaims(ctx context.Context, req *pb.ListClaimsRequest) (*pb.ListClaimsResponse, error) {
	var p problems
	p.knownEnum("status", int32(req.GetStatus()), pb.ClaimStatus_name)
	p.knownEnum("kind", int32(req.GetKind()), pb.ClaimKind_name)
	p.knownEnum("verdict_elsewhere", int32(req.GetVerdictElsewhere()), pb.ClaimStatus_name)
	p.optionalID("article_id", req.GetArticleId())
	p.optionalID("reviewer", req.GetReviewer())
	if err := p.err(); err != nil {
		return nil, err
	}
	f := app.ClaimFilter{Status: statusFromProto(req.GetStatus()), Kind: kindFromProto(req.GetKind()),
		ArticleID: req.GetArticleId(), Reviewer: req.GetReviewer(), Flagged: req.Flagged,
		HasSuggestions: req.GetHasSuggestions(), CrossArticle: req.GetCrossArticle(),
		VerdictElsewhere: statusFromProto(req.GetVerdictElsewhere())}
	filters := fmt.Sprintf("claims|%s|%s|%s|%s|%v", f.Status, f.Kind, f.ArticleID, f.Reviewer, flaggedKey(f.Flagged))
	if f.HasSuggestions || f.CrossArticle || f.VerdictElsewhere != "" { // tokens of older pages stay valid
		filters += fmt.Sprintf("|%v|%v|%s", f.HasSuggestions, f.CrossArticle, f.VerdictElsewhere)
	}
	limit, err := s.h.pageSize(req.GetPageSize())
	if err != nil {
		return nil, err
	}
	after, err := afterID(req.GetPageToken(), filters)
	if err != nil {
		return nil, err
	}
	vs, err := s.h.cfg.Queries.Claims(ctx, f, after, limit+1, req.GetMinPosition())
	if err != nil {
		return nil, err
	}
	vs, next := page(vs, limit, func(v app.ClaimView) string { return v.ID }, filters)
	resp := &pb.ListClaimsResponse{NextPageToken: next}
	arts := s.h.articles()
	for _, v := range vs {
		c, err := arts.claim(ctx, v)
		if err != nil {
			return nil, err
		}
		resp.Claims = append(resp.Claims, c)
	}
	return resp, nil
}

func flaggedKey(f *bool) string {
	if f == nil {
		return "any"
	}
	return fmt.Sprint(*f)
}

// mutation validates what every claim mutation carries and returns it as
// the app's Mutation with the caller.
func mutation(ctx context.Context, p *problems, requestID, claimID string, expected *uint64) (app.Actor, app.Mutation, error) {
	p.requestID(requestID)
	p.id("claim_id", claimID)
	if err := p.err(); err != nil {
		return app.Actor{}, app.Mutation{}, err
	}
	a, err := actor(ctx)
	return a, app.Mutation{RequestID: requestID, ClaimID: claimID, ExpectedVersion: expected}, err
}

// written answers a mutation with the claim as the write left it: the view
// the command built, or for a replayed retry the views once they include
// the write (read-your-writes).
func (s *claimService) written(ctx context.Context, id string, w app.Written, err error) (*pb.Claim, uint64, uint64, error) {
	if err != nil {
		return nil, 0, 0, err
	}
	if err := sameStream(w.StreamID, "claim-"+id); err != nil {
		return nil, 0, 0, err
	}
	var c *pb.Claim
	if w.Claim != nil {
		c, err = s.h.articles().claim(ctx, *w.Claim)
	} else {
		c, err = s.h.claim(ctx, id, w.Position)
	}
	if err != nil {
		return nil, 0, 0, err
	}
	return c, w.Position, w.Version, nil
}

func (s *claimService) SubmitReview(ctx context.Context, req *pb.SubmitReviewRequest) (*pb.SubmitReviewResponse, error) {
	var p problems
	if req.GetVerdict() == pb.Verdict_VERDICT_UNSPECIFIED {
		p.add("verdict", "required")
	}
	a, m, err := mutation(ctx, &p, req.GetRequestId(), req.GetClaimId(), req.ExpectedVersion)
	if err != nil {
		return nil, err
	}
	vote := claim.Vote{Verdict: verdictFromProto(req.GetVerdict()), Reason: reasonFromProto(req.GetReason()),
		CorrectedValue: req.GetCorrectedValue(), Evidence: req.GetEvidenceUrls(), Note: req.GetNote()}
	w, err := s.h.cfg.Commands.SubmitReview(ctx, a, m, vote)
	c, pos, ver, err := s.written(ctx, m.ClaimID, w, err)
	if err != nil {
		return nil, err
	}
	return &pb.SubmitReviewResponse{Claim: c, Position: pos, Version: ver}, nil
}

func (s *claimService) RetractReview(ctx context.Context, req *pb.RetractReviewRequest) (*pb.RetractReviewResponse, error) {
	var p problems
	a, m, err := mutation(ctx, &p, req.GetRequestId(), req.GetClaimId(), req.ExpectedVersion)
	if err != nil {
		return nil, err
	}
	w, err := s.h.cfg.Commands.RetractReview(ctx, a, m, req.GetReason())
	c, pos, ver, err := s.written(ctx, m.ClaimID, w, err)
	if err != nil {
		return nil, err
	}
	return &pb.RetractReviewResponse{Claim: c, Position: pos, Version: ver}, nil
}

func (s *claimService) ReopenClaim(ctx context.Context, req *pb.ReopenClaimRequest) (*pb.ReopenClaimResponse, error) {
	var p problems
	p.required("reason", req.GetReason())
	a, m, err := mutation(ctx, &p, req.GetRequestId(), req.GetClaimId(), req.ExpectedVersion)
	if err != nil {
		return nil, err
	}
	w, err := s.h.cfg.Commands.Reopen(ctx, a, m, req.GetReason())
	c, pos, ver, err := s.written(ctx, m.ClaimID, w, err)
	if err != nil {
		return nil, err
	}
	return &pb.ReopenClaimResponse{Claim: c, Position: pos, Version: ver}, nil
}

func (s *claimService) DismissClaim(ctx context.Context, req *pb.DismissClaimRequest) (*pb.DismissClaimResponse, error) {
	var p problems
	p.required("reason", req.GetReason())
	a, m, err := mutation(ctx, &p, req.GetRequestId(), req.GetClaimId(), req.ExpectedVersion)
	if err != nil {
		return nil, err
	}
	p.knownEnum("reason_code", int32(req.GetReasonCode()), pb.DismissCode_name)
	if err := p.err(); err != nil {
		return nil, err
	}
	w, err := s.h.cfg.Commands.Dismiss(ctx, a, m, req.GetReason(), dismissCodeFromProto(req.GetReasonCode()))
	c, pos, ver, err := s.written(ctx, m.ClaimID, w, err)
	if err != nil {
		return nil, err
	}
	return &pb.DismissClaimResponse{Claim: c, Position: pos, Version: ver}, nil
}

func (s *claimService) SettleClaim(ctx context.Context, req *pb.SettleClaimRequest) (*pb.SettleClaimResponse, error) {
	var p problems
	if req.GetVerdict() == pb.Verdict_VERDICT_UNSPECIFIED {
		p.add("verdict", "required")
	}
	a, m, err := mutation(ctx, &p, req.GetRequestId(), req.GetClaimId(), req.ExpectedVersion)
	if err != nil {
		return nil, err
	}
	w, err := s.h.cfg.Commands.Settle(ctx, a, m, verdictFromProto(req.GetVerdict()), req.GetNote())
	c, pos, ver, err := s.written(ctx, m.ClaimID, w, err)
	if err != nil {
		return nil, err
	}
	return &pb.SettleClaimResponse{Claim: c, Position: pos, Version: ver}, nil
}

func (s *claimService) LinkClaims(ctx context.Context, req *pb.LinkClaimsRequest) (*pb.LinkClaimsResponse, error) {
	var p problems
	p.id("other_claim_id", req.GetOtherClaimId())
	if req.GetOtherClaimId() != "" && req.GetOtherClaimId() == req.GetClaimId() {
		p.add("other_claim_id", "must differ from claim_id")
	}
	a, m, err := mutation(ctx, &p, req.GetRequestId(), req.GetClaimId(), req.ExpectedVersion)
	if err != nil {
		return nil, err
	}
	w, err := s.h.cfg.Commands.Link(ctx, a, m, req.GetOtherClaimId(), req.GetNote())
	c, pos, ver, err := s.written(ctx, m.ClaimID, w, err)
	if err != nil {
		return nil, err
	}
	return &pb.LinkClaimsResponse{Claim: c, Position: pos, Version: ver}, nil
}
