package grpcadapter

import (
	"context"
	"unicode/utf8"

	"github.com/claimledger/claimledger/app"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// maxNameChars is the reviewer name limit the proto documents.
const maxNameChars = 100

// adminService serves claimledger.v1.AdminService.
type adminService struct {
	pb.UnimplementedAdminServiceServer
	h *handlers
}

func (s *adminService) RegisterReviewer(ctx context.Context, req *pb.RegisterReviewerRequest) (*pb.RegisterReviewerResponse, error) {
	var p problems
	p.requestID(req.GetRequestId())
	if n := utf8.RuneCountInString(req.GetName()); n > maxNameChars {
		p.add("name", "longer than 100 characters")
	} else {
		p.id("name", req.GetName())
	}
	if req.GetRole() == pb.Role_ROLE_UNSPECIFIED {
		p.add("role", "required")
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	iss, err := s.h.cfg.Commands.RegisterReviewer(ctx, a, req.GetRequestId(), req.GetName(), roleFromProto(req.GetRole()))
	if err != nil {
		return nil, err
	}
	if err := sameStream(iss.StreamID, "reviewer-"+req.GetName()); err != nil {
		return nil, err
	}
	r, err := s.h.cfg.Queries.Reviewer(ctx, iss.ReviewerID, iss.Position)
	if viewsLag(err) {
		r, err = issuedWithoutViews(req, iss), nil
	}
	if err != nil {
		return nil, err
	}
	tokenID := iss.TokenID
	if iss.Replayed && tokenID == "" && len(r.Tokens) > 0 {
		// A retry: the app keeps no secret to return again, but the first
		// token's id is known, so the caller can at least revoke it.
		tokenID = r.Tokens[0].ID
	}
	return &pb.RegisterReviewerResponse{Reviewer: reviewerToProto(r), TokenId: tokenID,
		TokenSecret: iss.Credential, Position: iss.Position}, nil
}

func (s *adminService) ListReviewers(ctx context.Context, req *pb.ListReviewersRequest) (*pb.ListReviewersResponse, error) {
	const filters = "reviewers"
	limit, err := s.h.pageSize(req.GetPageSize())
	if err != nil {
		return nil, err
	}
	after, err := afterID(req.GetPageToken(), filters)
	if err != nil {
		return nil, err
	}
	rs, err := s.h.cfg.Queries.Reviewers(ctx, after, limit+1, req.GetMinPosition())
	if err != nil {
		return nil, err
	}
	rs, next := page(rs, limit, func(r app.ReviewerView) string { return r.ID }, filters)
	resp := &pb.ListReviewersResponse{NextPageToken: next}
	for _, r := range rs {
		resp.Reviewers = append(resp.Reviewers, reviewerToProto(r))
	}
	return resp, nil
}

func (s *adminService) IssueToken(ctx context.Context, req *pb.IssueTokenRequest) (*pb.IssueTokenResponse, error) {
	var p problems
	p.requestID(req.GetRequestId())
	p.id("reviewer_id", req.GetReviewerId())
	if err := p.err(); err != nil {
		return nil, err
	}
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	iss, err := s.h.cfg.Commands.IssueToken(ctx, a, req.GetRequestId(), req.GetReviewerId(), req.ExpectedVersion)
	if err != nil {
		return nil, err
	}
	if err := sameStream(iss.StreamID, "reviewer-"+req.GetReviewerId()); err != nil {
		return nil, err
	}
	// Tokens are checked against the views: answer once they hold the new
	// one, so the caller can use it at once (or, when they lag, with the
	// secret anyway: see lagging.go).
	if _, err := s.h.cfg.Queries.Reviewer(ctx, iss.ReviewerID, iss.Position); err != nil && !viewsLag(err) {
		return nil, err
	}
	return &pb.IssueTokenResponse{TokenId: iss.TokenID, TokenSecret: iss.Credential,
		Position: iss.Position, Version: iss.Version}, nil
}

func (s *adminService) RevokeToken(ctx context.Context, req *pb.RevokeTokenRequest) (*pb.RevokeTokenResponse, error) {
	var p problems
	p.requestID(req.GetRequestId())
	p.id("token_id", req.GetTokenId())
	p.required("reason", req.GetReason())
	if err := p.err(); err != nil {
		return nil, err
	}
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	// The request names only the token; its reviewer's stream is where the
	// revocation is recorded, so find the reviewer through the token view
	// (waiting for a token issued a moment ago, maybe through another
	// server on the same log).
	t, ok, err := s.h.cfg.Queries.Token(ctx, req.GetTokenId())
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, status.Errorf(codes.NotFound, "token %s not found", req.GetTokenId())
	}
	w, err := s.h.cfg.Commands.RevokeToken(ctx, a, req.GetRequestId(), t.ReviewerID, req.GetTokenId(),
		req.GetReason(), req.ExpectedVersion)
	if err != nil {
		return nil, err
	}
	if err := sameStream(w.StreamID, "reviewer-"+t.ReviewerID); err != nil {
		return nil, err
	}
	r, err := s.h.cfg.Queries.Reviewer(ctx, t.ReviewerID, w.Position)
	if viewsLag(err) {
		return nil, revocationPending(w.Position)
	}
	if err != nil {
		return nil, err
	}
	return &pb.RevokeTokenResponse{Reviewer: reviewerToProto(r), Position: w.Position, Version: w.Version}, nil
}
