package grpcadapter

import (
	"context"
	"strings"
	"testing"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

func wantCode(t *testing.T, what string, err error, code codes.Code, msgPart string) {
	t.Helper()
	s, _ := status.FromError(err)
	if s.Code() != code || !strings.Contains(s.Message(), msgPart) {
		t.Errorf("%s: got %v %q, want %v containing %q", what, s.Code(), s.Message(), code, msgPart)
	}
}

func TestAuth(t *testing.T) {
	f := newFixture(t)
	get := &pb.ListClaimsRequest{}

	_, err := f.claims.ListClaims(context.Background(), get)
	wantCode(t, "no token", err, codes.Unauthenticated, "missing bearer token")

	_, err = f.claims.ListClaims(f.as("tdeadbeef.not-the-secret"), get)
	wantCode(t, "unknown token", err, codes.Unauthenticated, "invalid or revoked token")

	basic := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Basic "+f.reviewerCred)
	_, err = f.claims.ListClaims(basic, get)
	wantCode(t, "not a bearer token", err, codes.Unauthenticated, "invalid or revoked token")

	_, err = f.claims.ListClaims(f.as(f.reviewerCred), get)
	wantCode(t, "valid token", err, codes.OK, "")

	// A second token for the reviewer, revoked through the API, stops working
	// at once; the first token still works.
	issued, err := f.admin.IssueToken(f.as(f.adminCred), &pb.IssueTokenRequest{RequestId: "issue-2", ReviewerId: "rita"})
	if err != nil {
		t.Fatalf("IssueToken: %v", err)
	}
	_, err = f.claims.ListClaims(f.as(issued.GetTokenSecret()), get)
	wantCode(t, "new token", err, codes.OK, "")
	revoked, err := f.admin.RevokeToken(f.as(f.adminCred), &pb.RevokeTokenRequest{RequestId: "revoke-2",
		TokenId: issued.GetTokenId(), Reason: "laptop lost"})
	if err != nil {
		t.Fatalf("RevokeToken: %v", err)
	}
	for _, id := range revoked.GetReviewer().GetActiveTokenIds() {
		if id == issued.GetTokenId() {
			t.Errorf("revoked token %s still listed as active", id)
		}
	}
	_, err = f.claims.ListClaims(f.as(issued.GetTokenSecret()), get)
	wantCode(t, "revoked token", err, codes.Unauthenticated, "invalid or revoked token")
	_, err = f.claims.ListClaims(f.as(f.reviewerCred), get)
	wantCode(t, "the other token", err, codes.OK, "")

	_, err = f.admin.ListReviewers(f.as(f.reviewerCred), &pb.ListReviewersRequest{})
	wantCode(t, "reviewer on an admin RPC", err, codes.PermissionDenied, `role "reviewer" does not have the "admin" action`)
	_, err = f.claims.SubmitReview(f.as(f.auditorCred), &pb.SubmitReviewRequest{RequestId: "a1", ClaimId: "x",
		Verdict: pb.Verdict_VERDICT_CONFIRM})
	wantCode(t, "auditor submitting a review", err, codes.PermissionDenied, `role "auditor" does not have the "review" action`)
	_, err = f.ledger.VerifyLedger(f.as(f.editorCred), &pb.VerifyLedgerRequest{})
	wantCode(t, "editor verifying the ledger", err, codes.PermissionDenied, "audit")

	hc := healthpb.NewHealthClient(f.conn)
	for _, svc := range []string{"", "claimledger.v1.ClaimService", "claimledger.v1.AdminService"} {
		resp, err := hc.Check(context.Background(), &healthpb.HealthCheckRequest{Service: svc})
		if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			t.Errorf("health %q without a token: %v %v, want SERVING", svc, resp.GetStatus(), err)
		}
	}
	if strings.Contains(f.logs.String(), f.reviewerCred) {
		t.Error("a credential was logged")
	}
}
